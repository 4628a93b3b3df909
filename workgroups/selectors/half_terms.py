"""Half-terms: the dates that apply to a hub, and the half-term of a session."""

import datetime

from django.db.models import Q
from django.utils import timezone

from workgroups.models import (
    AcademicYear,
    HalfTerm,
    Session,
)


def half_terms_for(*, hub, start_years) -> list[HalfTerm]:
    """The half-terms that apply to ``hub`` in those years: the hub's own, else the network's (one query)."""
    rows = list(
        HalfTerm.objects.filter(academic_year__start_year__in=list(start_years))
        .filter(Q(hub=hub) | Q(hub__isnull=True))
        .select_related("academic_year")
    )
    own = {(h.academic_year_id, h.number): h for h in rows if h.hub_id is not None}
    return [h for h in rows if h.hub_id is not None or (h.academic_year_id, h.number) not in own]


def half_term_of(day: datetime.date, half_terms) -> HalfTerm | None:
    """The half-term (from ``half_terms_for``) whose dates contain ``day``; None in a holiday or unset."""
    for half_term in half_terms:
        if half_term.starts_on <= day <= half_term.ends_on:
            return half_term
    return None


def session_half_term(session: Session) -> HalfTerm | None:
    """A session's half-term, derived from its date and its hub's half-term dates (network's by default)."""
    day = timezone.localtime(session.starts_at).date()
    terms = half_terms_for(hub=session.work_group.hub, start_years=[AcademicYear.start_year_for(day)])
    return half_term_of(day, terms)


def annotate_half_terms(sessions, hub) -> None:
    """Set ``half_term`` on each session of one hub, in one query."""
    sessions = list(sessions)
    years = {AcademicYear.start_year_for(timezone.localtime(s.starts_at).date()) for s in sessions}
    terms = half_terms_for(hub=hub, start_years=years) if sessions else []
    for session in sessions:
        session.half_term = half_term_of(timezone.localtime(session.starts_at).date(), terms)
