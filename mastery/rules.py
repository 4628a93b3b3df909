"""Who may do what on the Mastery Specialist programme.

- NCETM staff keep the cohorts, place specialists in them and decide accreditation; they read every hub's
  specialists.
- A hub's lead and administrators nominate teachers of the hub's schools, record their milestones and read the
  hub's specialists; another hub's managers see nothing of them (the pages answer 404).
- A specialist reads their own progress.
"""

import rules

from accounts.rules import is_network_staff
from hubs.rules import is_hub_manager


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
