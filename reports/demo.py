"""Demo data for the reports: the current year's extra impact survey questions.

The figures themselves (five years of Work Groups, registers, evaluations, headteachers' answers and Mastery
Specialists in every hub) come from ``seed_network``, which ``make run`` loads after ``seed_demo``.
Keyed by natural keys, so seeding twice changes nothing.
"""

from django.utils import timezone

from reports.enums import QuestionKind
from reports.models import ImpactSurveyQuestion
from workgroups.models import AcademicYear

QUESTIONS = [
    ("How much has teachers' confidence in teaching maths grown this year?", QuestionKind.SCALE),
    ("What difference have you seen in pupils' learning?", QuestionKind.TEXT),
]


def seed(hubs=None) -> None:
    current, _ = AcademicYear.objects.get_or_create(start_year=AcademicYear.start_year_for(timezone.localdate()))
    for position, (text, kind) in enumerate(QUESTIONS, start=1):
        ImpactSurveyQuestion.objects.get_or_create(
            academic_year=current, text=text, defaults={"kind": kind, "position": position}
        )
