"""Who may do what on the Mastery Specialist programme.

- Open lessons: the host (the specialist) and their hub's managers plan and cancel them and see who booked; a hub's
  managers plan one for any of the hub's specialists, a specialist for themself. Teachers book through the service,
  which holds the booking rule (a school the hub serves).

- NCETM staff keep the cohorts, place specialists in them and decide accreditation; they read every hub's
  specialists.
- A hub's lead and administrators nominate teachers of the hub's schools, record their milestones and read the
  hub's specialists; another hub's managers see nothing of them (the pages answer 404).
- A specialist reads their own progress.
- Accreditations: NCETM staff start them and decide their moves; the specialist and their hub's managers read them
  (and download the evidence document) on the specialist's page; anyone else gets 404.
"""

import rules

from accounts.rules import is_network_staff, is_site_admin
from hubs.rules import is_hub_lead, is_hub_manager, is_hub_member


def _hosts(user, lesson) -> bool:
    return lesson.specialist.user_id == user.pk


@rules.predicate
def hosts_open_lesson(user, lesson) -> bool:
    return bool(user.is_authenticated and lesson is not None and _hosts(user, lesson))


@rules.predicate
def manages_open_lessons_hub(user, lesson) -> bool:
    return lesson is not None and is_hub_manager(user, lesson.specialist.hub)


@rules.predicate
def is_hubs_specialist(user, hub) -> bool:
    if not user.is_authenticated or hub is None:
        return False
    return user.mastery_specialisms.filter(hub=hub).exists()


# The lesson's bookings (teachers' names and schools), its cancellation.
rules.add_perm("mastery.manage_open_lesson", hosts_open_lesson | manages_open_lessons_hub)
# Plan a new open lesson in this hub: its managers (for any of its specialists), its specialists (for themselves).
rules.add_perm("mastery.plan_open_lesson", is_hub_manager | is_hubs_specialist)
rules.add_perm("mastery.plan_open_lesson_for_others", is_hub_manager)

# The hub's school page (the school's teachers and their CPD): the hub's own people, not other hubs, not NCETM staff.
rules.add_perm("mastery.view_hub_school", is_hub_member | is_site_admin)
# A school's recorded Teaching for Mastery stage: the hub's lead.
rules.add_perm("mastery.record_school_stage", is_hub_lead)


@rules.predicate
def is_the_specialist(user, specialist) -> bool:
    return bool(user.is_authenticated and specialist is not None and specialist.user_id == user.pk)


@rules.predicate
def manages_specialists_hub(user, specialist) -> bool:
    return specialist is not None and is_hub_manager(user, specialist.hub)


# Cohorts: made and changed by NCETM staff.
rules.add_perm("mastery.manage_cohorts", is_network_staff)
# A hub's list of specialists (object: the hub): its managers, and NCETM staff who read every hub.
rules.add_perm("mastery.view_hub_specialists", is_hub_manager | is_network_staff)
# Nominate a teacher of the hub's schools (object: the hub).
rules.add_perm("mastery.nominate_specialist", is_hub_manager)
# One specialist (object: the specialism): their progress page, their milestones.
rules.add_perm("mastery.view_specialist", is_the_specialist | manages_specialists_hub | is_network_staff)
rules.add_perm("mastery.record_milestones", manages_specialists_hub)
# Place a specialist in another cohort; decide their accreditation.
rules.add_perm("mastery.place_specialist", is_network_staff)
rules.add_perm("mastery.decide_accreditation", is_network_staff)


@rules.predicate
def is_accreditations_specialist(user, accreditation) -> bool:
    return accreditation is not None and is_the_specialist(user, accreditation.specialist)


@rules.predicate
def manages_accreditations_hub(user, accreditation) -> bool:
    return accreditation is not None and manages_specialists_hub(user, accreditation.specialist)


# One accreditation (object: the accreditation), its history and its evidence document: who reads the specialist.
rules.add_perm(
    "mastery.view_accreditation", is_accreditations_specialist | manages_accreditations_hub | is_network_staff
)
