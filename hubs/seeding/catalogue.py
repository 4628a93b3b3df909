"""The shape of the synthetic network: sizes at scale 1.0, the national projects, the mix of schools, names.

Figures follow DESIGN.md ("Scale to design for", "Facts from the network"): about 24,000 open state-funded
schools in 152 local authorities, 40 hubs (the 38 named in ``hubs/data/maths_hubs.csv``), ~2,400 Work Groups
and ~36,000 registrations a year, 61 % of schools working with their hub in 2024/25 (58 % the year before),
about 98 % of headteachers reporting a positive impact, about 1,000 active Mastery Specialists.
"""

import zoneinfo
from dataclasses import dataclass

from schools.enums import Phase
from workgroups.enums import Strand

LONDON = zoneinfo.ZoneInfo("Europe/London")  # the network's clock: sessions, surveys
EMAIL_DOMAIN = "network.mathshubs.test"  # every seeded person's address
OPEN_SCHOOLS = 24_000
CLOSED_SHARE = 0.12  # closed establishments GIAS still lists, beside the open ones
LOCAL_AUTHORITIES = 152
SCHOOLS_PER_TRUST = 9  # about 1,100 multi-academy trusts at scale 1.0
TRUST_SHARE = 0.42  # schools in a trust
YEARS = 5
SPECIALISTS_PER_COHORT = 340  # three active cohorts: about 1,000 active Mastery Specialists
OVERRIDE_SHARE = 0.004  # schools served by another hub than their local authority's
# Share of schools working with their hub (approved or completed) by the year the academic year starts. The
# programme's annual reports: 58 % in 2023/24, 61 % in 2024/25; the other years continue the trend.
ENGAGEMENT = {2021: 0.52, 2022: 0.55, 2023: 0.58, 2024: 0.61, 2025: 0.63}
ENGAGEMENT_LATER = 0.64
ENGAGEMENT_EARLIER = 0.50
# In the current year, by December, most of the year's places are decided; spring groups still recruit.
CURRENT_YEAR_SHARE = 0.9
# A school's chance of working with its hub again the next year (the mastery journey runs over years).
RETURNING = 0.8
# Schools that join a second project in the same year.
SECOND_PROJECT = 0.25
HEADTEACHER_RESPONSE = 0.32
POSITIVE_IMPACT = 0.98
EVALUATION_RESPONSE = 0.65

# (phase, share of open schools): GIAS's state-funded establishments, roughly.
PHASE_MIX = [
    (Phase.PRIMARY, 0.70),
    (Phase.SECONDARY, 0.145),
    (Phase.NOT_APPLICABLE, 0.075),  # special schools and alternative provision
    (Phase.SIXTEEN_PLUS, 0.045),
    (Phase.NURSERY, 0.018),
    (Phase.ALL_THROUGH, 0.012),
    (Phase.MIDDLE, 0.005),
]
# The schools a project of a phase recruits from.
RECRUITS = {
    Phase.PRIMARY: {Phase.PRIMARY, Phase.MIDDLE, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
    Phase.SECONDARY: {Phase.SECONDARY, Phase.MIDDLE, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
    Phase.NURSERY: {Phase.NURSERY, Phase.PRIMARY},
    Phase.SIXTEEN_PLUS: {Phase.SIXTEEN_PLUS, Phase.SECONDARY, Phase.ALL_THROUGH},
}


@dataclass(frozen=True)
class ProjectShape:
    number: str  # the <nn>[a-d] of NCP<yy>-<nn>[a-d]
    title: str
    phase: str
    strand: str
    sessions: tuple[int, int]
    schools: tuple[int, int]  # schools per Work Group
    teachers_per_school: int
    weight: int  # share of a hub's participating schools recruited by the project
    tfm: bool = False


TFM = dict(sessions=(6, 6), schools=(6, 7), teachers_per_school=2, tfm=True, strand=Strand.SCHOOL_IMPROVEMENT)
PROJECTS = [
    ProjectShape("01", "Primary Teaching for Mastery Development", Phase.PRIMARY, weight=12, **TFM),
    ProjectShape("02", "Secondary Teaching for Mastery Development", Phase.SECONDARY, weight=14, **TFM),
    ProjectShape("03", "Primary Teaching for Mastery Embedding", Phase.PRIMARY, weight=10, **TFM),
    ProjectShape("04", "Secondary Teaching for Mastery Embedding", Phase.SECONDARY, weight=10, **TFM),
    ProjectShape("05a", "Primary Teaching for Mastery Sustaining", Phase.PRIMARY, weight=10, **TFM),
    ProjectShape("05b", "Sustaining with a KS3 multiplicative reasoning focus", Phase.SECONDARY, weight=8, **TFM),
    ProjectShape(
        "06", "Mastering Number: Reception to Year 2", Phase.PRIMARY, Strand.CLASSROOM_PRACTICE, (4, 4), (20, 40), 3, 12
    ),
    ProjectShape("07", "Mastering Number at KS2", Phase.PRIMARY, Strand.CLASSROOM_PRACTICE, (4, 4), (15, 40), 3, 8),
    ProjectShape(
        "08",
        "Specialist Knowledge for Teaching Mathematics: Primary",
        Phase.PRIMARY,
        Strand.CLASSROOM_PRACTICE,
        (5, 6),
        (5, 9),
        1,
        8,
    ),
    ProjectShape(
        "09",
        "Specialist Knowledge for Teaching Mathematics: Early Years",
        Phase.NURSERY,
        Strand.CLASSROOM_PRACTICE,
        (3, 4),
        (5, 9),
        1,
        6,
    ),
    ProjectShape(
        "10",
        "Specialist Knowledge for Teaching Mathematics: Secondary Non-specialists",
        Phase.SECONDARY,
        Strand.CLASSROOM_PRACTICE,
        (6, 7),
        (5, 9),
        1,
        10,
    ),
    ProjectShape(
        "11",
        "Specialist Knowledge for Teaching Mathematics: Early Career Teachers",
        Phase.SECONDARY,
        Strand.CLASSROOM_PRACTICE,
        (4, 5),
        (5, 9),
        1,
        8,
    ),
    ProjectShape("12", "Years 5 to 8 Continuity", Phase.PRIMARY, Strand.SCHOOL_IMPROVEMENT, (4, 4), (4, 8), 2, 6),
    ProjectShape(
        "13a",
        "Developing A level Mathematics Teaching",
        Phase.SIXTEEN_PLUS,
        Strand.CLASSROOM_PRACTICE,
        (3, 4),
        (4, 8),
        1,
        6,
    ),
    ProjectShape("13b", "Core Maths", Phase.SIXTEEN_PLUS, Strand.CLASSROOM_PRACTICE, (3, 3), (3, 8), 1, 4),
    ProjectShape("14", "Developing Maths Leadership", Phase.PRIMARY, Strand.PD_LEADERS, (3, 5), (5, 8), 1, 5),
    ProjectShape(
        "15",
        "Secondary Maths Leadership",
        Phase.SECONDARY,
        Strand.PD_LEADERS,
        (3, 4),
        (5, 8),
        1,
        5,
    ),
]

FIRST_NAMES = (
    "Aisha Alice Amelia Amir Anna Ben Chloe Chris Daniel David Ella Emily Emma Ethan Farah Finn Grace Hannah "
    "Harry Isla Jack James Jasmine Joe Kate Leah Liam Lucy Maya Megan Mohammed Nadia Noah Oliver Olivia Omar "
    "Priya Rachel Rhys Ruby Ryan Sam Sarah Sophie Tariq Thomas Tom Wei Yusuf Zara"
).split()
LAST_NAMES = (
    "Ahmed Ali Allen Bailey Baker Begum Bell Brown Byrne Campbell Carter Chen Clarke Cooper Davies Edwards Evans "
    "Fisher Green Hall Harris Hughes Hussain Jackson James Johnson Jones Kaur Khan Kowalski Lee Lewis Martin "
    "Mitchell Moore Morgan Murphy Nguyen Okafor Patel Phillips Price Rahman Roberts Robinson Scott Shah Singh "
    "Smith Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright Young"
).split()
PLACE_STARTS = (
    "Ash Bar Black Bram Brook Cal Chal Cold Dun East Elm Fair Fen Glen Green Hart High Holm Kings Lang Lark Marl "
    "Mill North Oak Pen Ral Red Rich Rose Sand Stan Stone Thorn Wal West Whit Wil Wind Wood"
).split()
PLACE_ENDS = (
    "bury by caster combe dale don field ford gate ham hill ington ley minster mouth stead stow ton well wick".split()
)
SCHOOL_NAMES = {
    Phase.PRIMARY: [
        "Primary School",
        "Infant and Junior School",
        "Church of England Primary School",
        "Community Primary School",
        "Primary Academy",
        "St Mary's Catholic Primary School",
    ],
    Phase.SECONDARY: ["High School", "Academy", "School", "Church of England Academy", "Community College"],
    Phase.NOT_APPLICABLE: ["Special School", "Academy", "Learning Centre"],
    Phase.SIXTEEN_PLUS: ["Sixth Form College", "Sixth Form Centre"],
    Phase.NURSERY: ["Nursery School", "Early Years Centre"],
    Phase.ALL_THROUGH: ["All-through School", "Academy"],
    Phase.MIDDLE: ["Middle School"],
}
SCHOOL_TYPES = [
    "Academy converter",
    "Community school",
    "Voluntary aided school",
    "Academy sponsor led",
    "Foundation school",
    "Free schools",
    "Voluntary controlled school",
]
OFSTED = ["Outstanding", "Good", "Good", "Good", "Requires improvement", "Inadequate", ""]
ROLES = [
    "Class teacher",
    "Maths lead",
    "Year 2 teacher",
    "Year 5 teacher",
    "Head of maths",
    "Teacher of maths",
    "Assistant head",
    "Early years teacher",
    "SENCo",
]
REFLECTIONS = [
    "The variation task worked well; two pupils explained the structure to the class.",
    "Pupils struggled with the representation at first; next time I will model it with cubes.",
    "We tried the task in pairs. Good reasoning, but timing was tight.",
    "A real shift in how the class talked about equivalence.",
]
TASKS = [
    "Try a variation task with your class and bring two pieces of student work.",
    "Use a bar model for one lesson's problems and note where pupils got stuck.",
    "Plan a small-steps sequence for next week's unit and bring it to share.",
]
