"""The Mastery Specialists' NCETM accreditations in the synthetic network, with their history.

Shaped on the programme: every specialist works towards PD Lead accreditation in their cohort's phase, usually
granted at the end of year 2 (July), some at the end of year 1; three years on, re-registration is due, and some
of those let it lapse. A few specialists in year 3 or later work towards School Development Lead too. Decisions
beyond the one ``roll`` the specialist's row already drew come from the user's id, not the generator, so the rest
of the network stays as it was.
"""

import datetime

from django.utils import timezone

from mastery.enums import COHORT_PD_LEAD_PHASE, AccreditationKind
from mastery.enums import AccreditationStatus as AS
from mastery.models.accreditation import reregistration_due_for


def _spread(user: int, salt: int) -> float:
    """A number in [0, 1) from the user's id (Knuth's multiplicative hash), steady across runs."""
    return ((user * 2654435761 + salt * 40503) % 2**32) / 2**32


def _moves(
    *, start_year: int, age: int, roll: float, user: int, today: datetime.date
) -> list[tuple[str, datetime.date]]:
    """The PD Lead moves of a specialist whose cohort started ``age`` years ago: (status, date), oldest first."""
    began = datetime.date(start_year, 10, 1) + datetime.timedelta(days=user % 60)
    if age == 0:
        return [(AS.IN_PROGRESS, began)] if roll < 0.4 and began <= today else []
    if age == 1:
        return [(AS.IN_PROGRESS, began)] if roll < 0.7 else []
    threshold = {2: 0.35, 3: 0.5}.get(age, 0.55)
    if roll >= threshold:
        return [(AS.IN_PROGRESS, began)] if roll < threshold + 0.3 else []
    # Granted at the end of year 1 by some; the oldest cohort stands for the programme's earlier cohorts too, whose
    # re-registration falls due now.
    early = _spread(user, 1) < (0.5 if age >= 4 else 0.3)
    granted = datetime.date(start_year + (1 if early else 2), 7, 10)
    moves = [(AS.IN_PROGRESS, began), (AS.ACCREDITED, granted)]
    due = reregistration_due_for(granted)
    if due <= today:
        moves.append((AS.REREGISTRATION_DUE, due))
        lapsed = due + datetime.timedelta(days=90)
        if _spread(user, 2) < 0.4 and lapsed <= today:
            moves.append((AS.LAPSED, lapsed))
    return moves


def _sdl_moves(*, start_year: int, age: int, user: int, today: datetime.date) -> list[tuple[str, datetime.date]] | None:
    """School Development Lead for about one in eight specialists in year 3 or later; None for the rest."""
    if age < 2 or _spread(user, 3) >= 0.12:
        return None
    began = datetime.date(start_year + 2, 11, 1)
    if began > today:
        return []
    granted = datetime.date(start_year + 3, 7, 10)
    if _spread(user, 4) < 0.4 and granted <= today:
        return [(AS.IN_PROGRESS, began), (AS.ACCREDITED, granted)]
    return [(AS.IN_PROGRESS, began)]


def _add(programme, *, specialist: int, kind: str, phase, moves, nominated: datetime.datetime) -> None:
    accreditation = programme.next_id("accreditation")
    status, accredited_on = AS.NOT_STARTED, None
    for to_status, on in moves:
        programme.rows["accreditation_event"].append(
            {
                "id": programme.next_id("accreditation_event"),
                "accreditation_id": accreditation,
                "from_status": status,
                "to_status": to_status,
                "on": on,
                "at": datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC),
            }
        )
        status = to_status
        if to_status == AS.ACCREDITED:
            accredited_on = on
    decided = programme.rows["accreditation_event"][-1]["at"] if moves else None
    programme.rows["accreditation"].append(
        {
            "id": accreditation,
            "specialist_id": specialist,
            "kind": kind,
            "phase": phase,
            "status": status,
            "accredited_on": accredited_on,
            "reregistration_due_on": reregistration_due_for(accredited_on) if accredited_on else None,
            "decided_at": decided,
            "created_at": nominated,
        }
    )


def plan_accreditations(programme, *, specialist: int, user: int, cohort_phase: str, start_year: int, roll: float):
    """The rows of one specialist's accreditations and their moves (``programme.rows``)."""
    today = timezone.localtime(programme.now).date()
    age = programme.years[-1].start_year - start_year
    nominated = datetime.datetime(start_year, 7, 1, 12, tzinfo=datetime.UTC)
    _add(
        programme,
        specialist=specialist,
        kind=AccreditationKind.PD_LEAD,
        phase=COHORT_PD_LEAD_PHASE[cohort_phase],
        moves=_moves(start_year=start_year, age=age, roll=roll, user=user, today=today),
        nominated=nominated,
    )
    sdl = _sdl_moves(start_year=start_year, age=age, user=user, today=today)
    if sdl is not None:
        _add(programme, specialist=specialist, kind=AccreditationKind.SCHOOL_DEVELOPMENT_LEAD, phase=None, moves=sdl,
             nominated=nominated)  # fmt: skip
