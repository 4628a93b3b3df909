"""Writes to Work Groups, sessions, registrations, registers, reflections and completion.

Every function here is the single way the portal makes that change: views, the admin, management
commands and Celery tasks all call them. They are keyword-only, atomic, and raise
``django.core.exceptions.ValidationError`` with a message fit to show the person who asked.
Each concern has its module; this package names the public functions in one place, so callers
write ``from workgroups import services`` and ``services.registration_create(...)``.
"""

from workgroups.services.attendance import (
    RegisterSaved,
    attendance_record,
    attendance_send_apologies,
    register_is_open,
    register_opens_message,
)
from workgroups.services.completion import evaluation_submit, registrations_evaluate_completion
from workgroups.services.consent import (
    CONSENT_MAX_AGE,
    CONSENT_SALT,
    ConsentLinkError,
    consent_decide,
    consent_registration_from_token,
    consent_request_resend,
    consent_token_make,
)
from workgroups.services.feeds import calendar_feed_get_or_create, calendar_feed_regenerate
from workgroups.services.figures import (
    session_register_refresh,
    work_group_figures_rebuild,
    work_group_figures_refresh,
)
from workgroups.services.half_terms import (
    TYPICAL_HALF_TERMS,
    half_term_set,
    half_terms_seed_network_defaults,
    half_terms_set_for_hub,
)
from workgroups.services.lifecycle import workgroup_cancel, workgroup_complete
from workgroups.services.places import (
    registration_accept_offer,
    registration_offers_expire,
    registration_offers_sweep,
)
from workgroups.services.projects import project_save
from workgroups.services.reflections import (
    TASK_FILE_MAX_BYTES,
    TASK_FILE_SIGNATURES,
    task_file_check,
    task_response_submit,
)
from workgroups.services.registrations import (
    BulkDecision,
    registration_approve,
    registration_create,
    registration_decide,
    registration_reject,
    registration_waitlist,
    registration_withdraw,
    registrations_decide_bulk,
    school_phase_fits,
)
from workgroups.services.reminder_settings import hub_reminder_settings_set
from workgroups.services.school_years import (
    school_years_of_work_groups,
    school_years_rebuild,
    school_years_refresh,
    school_years_register_refresh,
)
from workgroups.services.sessions import session_cancel, session_create, session_reschedule, session_update
from workgroups.services.work_groups import (
    WORK_GROUP_EDITABLE_FIELDS,
    legal_transitions,
    workgroup_create_from_project,
    workgroup_transition,
    workgroup_update,
)
from workgroups.services.year_participation import year_participation_recount

__all__ = [
    "BulkDecision",
    "CONSENT_MAX_AGE",
    "CONSENT_SALT",
    "ConsentLinkError",
    "RegisterSaved",
    "TASK_FILE_MAX_BYTES",
    "TASK_FILE_SIGNATURES",
    "TYPICAL_HALF_TERMS",
    "WORK_GROUP_EDITABLE_FIELDS",
    "attendance_record",
    "attendance_send_apologies",
    "calendar_feed_get_or_create",
    "calendar_feed_regenerate",
    "consent_decide",
    "consent_registration_from_token",
    "consent_request_resend",
    "consent_token_make",
    "evaluation_submit",
    "half_term_set",
    "half_terms_seed_network_defaults",
    "half_terms_set_for_hub",
    "hub_reminder_settings_set",
    "legal_transitions",
    "project_save",
    "registration_accept_offer",
    "registration_approve",
    "registration_create",
    "registration_decide",
    "registration_offers_expire",
    "registration_offers_sweep",
    "registration_reject",
    "registration_waitlist",
    "registration_withdraw",
    "registrations_decide_bulk",
    "registrations_evaluate_completion",
    "school_phase_fits",
    "register_is_open",
    "register_opens_message",
    "session_cancel",
    "session_create",
    "school_years_of_work_groups",
    "school_years_rebuild",
    "school_years_refresh",
    "school_years_register_refresh",
    "session_register_refresh",
    "session_reschedule",
    "session_update",
    "task_file_check",
    "task_response_submit",
    "workgroup_cancel",
    "workgroup_complete",
    "workgroup_create_from_project",
    "workgroup_transition",
    "workgroup_update",
    "work_group_figures_rebuild",
    "work_group_figures_refresh",
    "year_participation_recount",
]
