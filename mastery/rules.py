"""Who may do what in the Mastery programme.

Open lessons: the host (the specialist) and their hub's managers plan and cancel them and see who booked; a hub's
managers plan one for any of the hub's specialists, a specialist for themself. Teachers book through the service,
which holds the booking rule (a school the hub serves).
"""

import rules

from hubs.rules import is_hub_manager


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
