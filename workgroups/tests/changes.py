"""Changes made through the services on a seeded network, as a hub makes them, for the tests that hold the kept
figures equal to a recount from scratch afterwards."""

from django.core.exceptions import ValidationError

from workgroups import services
from workgroups.enums import RegistrationStatus, WorkGroupStatus
from workgroups.models import Registration


def random_decisions(rng, *, count: int, actor) -> list[Registration]:
    """Approve, reject or withdraw ``count`` undecided registrations of open and running Work Groups, picked by
    ``rng``; returns those the services changed (a refused decision, already approved or no room, changes nothing)."""
    registrations = list(
        Registration.objects.filter(work_group__status__in=(WorkGroupStatus.OPEN, WorkGroupStatus.RUNNING))
        .exclude(status__in=(RegistrationStatus.WITHDRAWN, RegistrationStatus.COMPLETED, RegistrationStatus.REJECTED))
        .select_related("work_group", "teacher")
        .order_by("pk")
    )
    changed = []
    for registration in rng.sample(registrations, count):
        action = rng.choice(["withdraw", "reject", "approve"])
        try:
            if action == "withdraw":
                services.registration_withdraw(registration=registration)
            else:
                services.registration_decide(registration=registration, action=action, actor=actor)
        except ValidationError:
            continue
        changed.append(registration)
    return changed
