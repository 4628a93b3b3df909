"""Forms of the Work Groups pages, one module per audience or thing. They validate input only; services apply the
rules. Callers write ``from workgroups.forms import SessionForm``."""

from workgroups.forms.find import FIND_DEFAULT_PHASES, WITHIN_CHOICES, FindForm
from workgroups.forms.hub_settings import HubHalfTermsForm, ReminderScheduleForm
from workgroups.forms.participants import EvaluationForm, RegistrationForm, TaskResponseForm
from workgroups.forms.projects import NationalProjectForm, project_year_choices
from workgroups.forms.sessions import RegisterForm, SessionForm
from workgroups.forms.work_groups import (
    LeadEmailsField,
    WorkGroupCompleteForm,
    WorkGroupCreateForm,
    WorkGroupForm,
)

__all__ = [
    "FIND_DEFAULT_PHASES",
    "WITHIN_CHOICES",
    "EvaluationForm",
    "FindForm",
    "HubHalfTermsForm",
    "LeadEmailsField",
    "NationalProjectForm",
    "RegisterForm",
    "RegistrationForm",
    "ReminderScheduleForm",
    "SessionForm",
    "TaskResponseForm",
    "WorkGroupCompleteForm",
    "WorkGroupCreateForm",
    "WorkGroupForm",
    "project_year_choices",
]
