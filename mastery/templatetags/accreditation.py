from django import template
from django.utils import dateformat

from mastery.enums import HOLDS_ACCREDITATION, AccreditationPhase, AccreditationStatus

register = template.Library()


@register.filter
def accreditation_status(value) -> str:
    """An ``AccreditationStatus`` value's label ("reregistration_due" → "Re-registration due")."""
    try:
        return AccreditationStatus(value).label
    except ValueError:
        return ""


@register.simple_tag
def pd_lead_standing(specialist) -> str:
    """A specialist's PD Lead status, from ``mastery.selectors.with_pd_lead_status``: "Accredited (Primary),
    10 July 2026"; the date only while the accreditation holds."""
    text = accreditation_status(specialist.pd_lead_status)
    if specialist.pd_lead_phase:
        text += f" ({AccreditationPhase(specialist.pd_lead_phase).label})"
    if specialist.pd_lead_status in HOLDS_ACCREDITATION and specialist.pd_lead_accredited_on:
        text += f", {dateformat.format(specialist.pd_lead_accredited_on, 'j F Y')}"
    return text
