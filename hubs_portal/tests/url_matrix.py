"""The URL × role matrix: for every URL of the project, what each role gets, by GET and by POST.

``test_url_matrix.py`` discovers every URL pattern (admin included) and requests each one as every role in
``ROLES``, with the real objects of ``build_world()``. A URL with no row here fails the test, so a new page
cannot ship unchecked.

Adding a page: add one row to ``MATRIX``, keyed by the URL's name (``"app:name"``)::

    "hubs:people": Url(
        kwargs=lambda w: {"slug": w.hub.slug},     # real objects from build_world(); add what you need there
        get=expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=OK, superuser=OK),
        post=expect(NOT_FOUND, anonymous=LOGIN, lead=REDIRECT, hub_admin=OK, superuser=OK),  # default: as GET
        personal=True,   # carries personal data for visitors without an account (a secret-link page)
    ),

``expect(default, **by_role)`` gives every role ``default`` except those named. An outcome is a status code
(``OK`` = 200, ``FORBIDDEN``, ``NOT_FOUND``, ``NOT_ALLOWED`` = 405, ``BAD_REQUEST``), ``LOGIN`` (a redirect to
the login page), ``ADMIN_LOGIN``, ``REDIRECT`` (any other redirect), or a set of them. Each request runs in
a transaction rolled back afterwards, so a POST that changes something (a withdrawal) does not change the
world for the next one. Every response to a signed-in role, and to anyone on a ``personal`` row, must carry
``Cache-Control: private, no-store``; no request may answer 500.

Only the Django admin is matched by patterns (``admin:*``): its URLs come from the models registered.
"""

import datetime
import types
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.factories import UserFactory
from api.services import api_token_create
from hubs.enums import HubRole, PersonRole
from hubs.invitation_links import invitation_token
from hubs.models import Invitation
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from mastery import services as mastery_services
from mastery.tests.factories import AccreditationFactory, MasterySpecialistFactory, OpenLessonFactory
from notifications.models import OutboxMessage
from notifications.services import message_enqueue
from notifications.unsubscribe import unsubscribe_token
from reports.surveys import impact_survey_token
from schools.links import school_link_token
from schools.models import GiasImportRun
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import MailKind, RegistrationStatus, WorkGroupStatus
from workgroups.models import TaskResponse
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, BAD_REQUEST = 200, 403, 404, 405, 400
UNAUTHORIZED, UNSUPPORTED = 401, 415  # the REST API: no credentials; a form posted where JSON is expected
LOGIN, ADMIN_LOGIN, REDIRECT = "login", "admin-login", "redirect"

ROLES = (
    "anonymous",
    "teacher",  # a participant of the hub's Work Group, with a completed one too
    "other_lead",  # the lead of another hub
    "lead",  # the hub's lead
    "hub_admin",  # the hub's administrator
    "team",  # a member of the hub's leadership team
    "wg_lead",  # the lead of the hub's Work Group
    "ncetm",  # NCETM staff
    "superuser",  # a site administrator
)


def expect(default, **by_role) -> dict:
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    return {role: by_role.get(role, default) for role in ROLES}


SAME = object()  # POST answers as GET does


@dataclass(frozen=True)
class Url:
    get: dict
    post: dict | object = SAME
    kwargs: object = None  # world -> dict of URL arguments
    personal: bool = False
    query: dict = field(default_factory=dict)  # GET parameters, e.g. a valid filter


PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
SIGNED_OUT_ONLY = expect(REDIRECT, anonymous=OK)
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)
NETWORK = expect(FORBIDDEN, anonymous=LOGIN, ncetm=OK, superuser=OK)
NETWORK_404 = expect(NOT_FOUND, anonymous=LOGIN, ncetm=OK, superuser=OK)
HUB_MEMBERS = expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=OK, team=OK, ncetm=OK, superuser=OK)
# Site administrators are Django superusers: every permission is theirs.
HUB_MANAGERS = expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=OK, superuser=OK)
GROUP_LEADS = expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=OK, wg_lead=OK, superuser=OK)
MANAGERS_ACT = expect(NOT_FOUND, anonymous=LOGIN, lead=REDIRECT, hub_admin=REDIRECT, superuser=REDIRECT)
PARTICIPANT = expect(NOT_FOUND, anonymous=LOGIN, teacher=OK)
NOWHERE = expect(NOT_FOUND)
ADMIN = expect(ADMIN_LOGIN, superuser={OK, REDIRECT})
ADMIN_REFUSED = expect(ADMIN_LOGIN, superuser=FORBIDDEN)  # read-only models: no add, no delete
ADMIN_GET_ONLY = expect(ADMIN_LOGIN, superuser=NOT_ALLOWED)
GET_ONLY = expect(NOT_ALLOWED)
# The REST API: signed in, anyone reads it; read-only endpoints refuse other methods (before looking anything up,
# so a 405 says nothing about another hub's objects).
API_SIGNED_IN = expect(OK, anonymous=UNAUTHORIZED)
API_READ_ONLY = expect(NOT_ALLOWED, anonymous=UNAUTHORIZED)
# Registrations and their marks: the group's leads and hub's managers (with people), national readers (without).
API_PEOPLE = expect(NOT_FOUND, anonymous=UNAUTHORIZED, lead=OK, hub_admin=OK, wg_lead=OK, ncetm=OK, superuser=OK)


def _registration(w):
    return {"pk": w.registration.pk}


def _session(w):
    return {"pk": w.session.pk}


def _work_group(w):
    return {"pk": w.work_group.pk}


def _hub(w):
    return {"slug": w.hub.slug}


MATRIX: dict[str, Url] = {
    # ------------------------------------------------------------------ project
    "home": Url(get=PUBLIC),
    "healthz": Url(get=PUBLIC),
    "accessibility": Url(get=PUBLIC),
    "dev_mailbox": Url(get=NOWHERE),  # DEBUG only
    "dev_mailbox_detail": Url(get=NOWHERE, kwargs=lambda w: {"message_id": "nothing"}),
    # ------------------------------------------------------------------ accounts (allauth)
    "account_login": Url(get=SIGNED_OUT_ONLY),
    "account_logout": Url(get=expect(OK, anonymous=REDIRECT), post=expect(REDIRECT)),
    "account_inactive": Url(get=PUBLIC, post=GET_ONLY),
    "account_signup": Url(get=SIGNED_OUT_ONLY),
    "account_reauthenticate": Url(get=SIGNED_IN),
    "account_email": Url(get=SIGNED_IN, post=expect(REDIRECT, anonymous=LOGIN)),
    "account_email_verification_sent": Url(get=PUBLIC, post=GET_ONLY),
    "account_change_password": Url(get=SIGNED_IN),
    "account_set_password": Url(get=expect(REDIRECT, anonymous=LOGIN)),
    "account_reset_password": Url(get=PUBLIC),
    "account_reset_password_done": Url(get=PUBLIC, post=GET_ONLY),
    "account_reset_password_from_key": Url(get=PUBLIC, kwargs=lambda w: {"uidb36": "1", "key": "not-a-key"}),
    "account_reset_password_from_key_done": Url(get=PUBLIC, post=GET_ONLY),
    "account_confirm_login_code": Url(get=expect(REDIRECT, anonymous=LOGIN)),  # no login code pending
    "account_confirm_email": Url(get=PUBLIC, post=expect(NOT_FOUND), kwargs=lambda w: {"key": "not-a-key"}),
    # ------------------------------------------------------------------ two-factor authentication (allauth.mfa)
    "mfa_index": Url(get=SIGNED_IN, post=expect(NOT_ALLOWED, anonymous=LOGIN)),
    "mfa_activate_totp": Url(get=expect(REDIRECT, anonymous=LOGIN)),  # asks for the password again first
    "mfa_deactivate_totp": Url(get=expect(NOT_FOUND, anonymous=LOGIN)),  # no authenticator set up
    "mfa_view_recovery_codes": Url(get=expect(NOT_FOUND, anonymous=LOGIN), post=expect(NOT_ALLOWED, anonymous=LOGIN)),
    "mfa_download_recovery_codes": Url(get=expect(NOT_FOUND, anonymous=LOGIN)),
    "mfa_generate_recovery_codes": Url(get=expect(REDIRECT, anonymous=LOGIN)),
    "mfa_authenticate": Url(get=expect(REDIRECT, anonymous=LOGIN)),  # no login waiting for its second step
    "mfa_reauthenticate": Url(get=expect(REDIRECT, anonymous=LOGIN)),
    # ------------------------------------------------------------------ accounts (the portal's)
    "accounts:profile": Url(get=SIGNED_IN),
    "accounts:your_data": Url(get=SIGNED_IN),
    "accounts:your_data_download": Url(get=SIGNED_IN),
    "accounts:close": Url(get=SIGNED_IN),  # an empty POST re-asks for the password and the tick
    "privacy": Url(get=PUBLIC),
    "security_txt": Url(get=PUBLIC),
    "audit:list": Url(
        get=expect(FORBIDDEN, anonymous=LOGIN, other_lead=OK, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK)
    ),
    "audit:csv": Url(
        get=expect(FORBIDDEN, anonymous=LOGIN, other_lead=OK, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK)
    ),
    # ------------------------------------------------------------------ schools
    "schools:import": Url(get=NETWORK),
    "schools:import_run": Url(get=NETWORK, kwargs=lambda w: {"pk": w.import_run.pk}),
    "schools:import_run_status": Url(get=NETWORK, kwargs=lambda w: {"pk": w.import_run.pk}),
    "schools:import_run_rejects": Url(get=NETWORK, kwargs=lambda w: {"pk": w.import_run.pk}),
    "schools:search": Url(get=SIGNED_IN, post=expect(NOT_ALLOWED, anonymous=LOGIN), query={"q": "Histon"}),
    # ------------------------------------------------------------------ hubs
    "hubs:list": Url(get=PUBLIC),
    "hubs:dashboard": Url(get=HUB_MEMBERS, kwargs=_hub),
    "hubs:schools_csv": Url(get=HUB_MEMBERS, kwargs=_hub),
    "hubs:not_reached": Url(get=HUB_MEMBERS, kwargs=_hub),
    "hubs:not_reached_csv": Url(get=HUB_MEMBERS, kwargs=_hub),
    "hubs:edit": Url(
        get=expect(
            NOT_FOUND, anonymous=LOGIN, lead=FORBIDDEN, hub_admin=FORBIDDEN, team=FORBIDDEN, ncetm=OK, superuser=OK
        ),
        kwargs=_hub,
    ),
    "hubs:edit_details": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=FORBIDDEN, team=FORBIDDEN, ncetm=OK, superuser=OK),
        kwargs=_hub,
    ),
    # ------------------------------------------------------------------ hubs: people
    "hubs:people": Url(get=HUB_MANAGERS, kwargs=_hub),
    "hubs:role_remove": Url(
        get=HUB_MANAGERS,
        post=MANAGERS_ACT,
        kwargs=lambda w: {"slug": w.hub.slug, "pk": w.users["team"].hub_memberships.get().pk},
    ),
    "hubs:lead_remove": Url(
        get=HUB_MANAGERS,
        post=MANAGERS_ACT,
        kwargs=lambda w: {"slug": w.hub.slug, "work_group_pk": w.work_group.pk, "user_pk": w.users["wg_lead"].pk},
    ),
    "hubs:invite": Url(get=HUB_MANAGERS, kwargs=_hub),
    "hubs:network_people": Url(get=NETWORK),
    "hubs:network_invite": Url(get=NETWORK),
    "hubs:invitation_resend": Url(get=POST_ONLY, post=MANAGERS_ACT, kwargs=lambda w: {"pk": w.invitation.pk}),
    "hubs:invitation_revoke": Url(get=POST_ONLY, post=MANAGERS_ACT, kwargs=lambda w: {"pk": w.invitation.pk}),
    # The invitee's page behind the e-mailed link: sign up or log in, or accept (then a redirect to their page).
    "hubs:invitation": Url(
        get=PUBLIC,
        post=expect(REDIRECT, anonymous=LOGIN),
        kwargs=lambda w: {"token": w.invitation_token},
        personal=True,
    ),
    "hubs:staff_remove": Url(
        get=NETWORK,
        post=expect(FORBIDDEN, anonymous=LOGIN, ncetm=REDIRECT, superuser=REDIRECT),
        kwargs=lambda w: {"user_pk": w.users["ncetm"].pk},
    ),
    # ------------------------------------------------------------------ Work Groups: teachers
    "workgroups:find": Url(get=PUBLIC),
    "workgroups:detail": Url(get=PUBLIC, kwargs=_work_group),
    "workgroups:register_for": Url(get=expect(OK, anonymous=LOGIN, teacher=REDIRECT), kwargs=_work_group),
    "workgroups:my_cpd": Url(get=SIGNED_IN),
    # A confirmation page on GET and on a POST without confirm=yes; the withdrawal itself needs confirm=yes.
    "workgroups:withdraw": Url(get=PARTICIPANT, kwargs=_registration),
    "workgroups:accept_offer": Url(
        get=POST_ONLY, post=expect(NOT_FOUND, anonymous=LOGIN, teacher=REDIRECT), kwargs=_registration
    ),
    "workgroups:task_response": Url(
        get=PARTICIPANT, kwargs=lambda w: {"pk": w.registration.pk, "session_pk": w.session.pk}
    ),
    "workgroups:apologies": Url(
        get=POST_ONLY,
        post=expect(NOT_FOUND, anonymous=LOGIN, teacher=REDIRECT),
        kwargs=lambda w: {"pk": w.registration.pk, "session_pk": w.session.pk},
    ),
    "workgroups:evaluation": Url(get=PARTICIPANT, kwargs=lambda w: {"pk": w.completed_registration.pk}),
    "workgroups:certificate": Url(get=PARTICIPANT, kwargs=lambda w: {"pk": w.completed_registration.pk}),
    "workgroups:task_response_file": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, teacher=OK, lead=OK, hub_admin=OK, wg_lead=OK, superuser=OK),
        kwargs=lambda w: {"pk": w.task_response.pk},
    ),
    "workgroups:consent": Url(
        get=PUBLIC, post=expect(BAD_REQUEST), kwargs=lambda w: {"token": w.consent_token}, personal=True
    ),
    # ------------------------------------------------------------------ Work Groups: leads
    "workgroups:led": Url(get=SIGNED_IN),
    "workgroups:register": Url(
        get=GROUP_LEADS,
        kwargs=_session,
    ),
    "workgroups:reflections": Url(get=GROUP_LEADS, kwargs=_work_group),
    "workgroups:attendance": Url(get=GROUP_LEADS, kwargs=_work_group),
    "workgroups:session_edit": Url(get=GROUP_LEADS, kwargs=_session),
    # ------------------------------------------------------------------ Work Groups: hub managers
    "workgroups:hub_list": Url(get=HUB_MANAGERS, kwargs=_hub),
    "workgroups:create": Url(get=HUB_MANAGERS, kwargs=_hub),
    "workgroups:half_terms": Url(get=HUB_MANAGERS, kwargs=_hub),
    "workgroups:manage": Url(get=HUB_MANAGERS, kwargs=_work_group),
    "workgroups:edit": Url(get=HUB_MANAGERS, kwargs=_work_group),
    "workgroups:session_create": Url(get=HUB_MANAGERS, kwargs=_work_group),
    "workgroups:transition": Url(get=POST_ONLY, post=MANAGERS_ACT, kwargs=_work_group),
    "workgroups:evaluate_completion": Url(get=POST_ONLY, post=MANAGERS_ACT, kwargs=_work_group),
    "workgroups:decide": Url(get=POST_ONLY, post=MANAGERS_ACT, kwargs=_work_group),
    "workgroups:consent_resend": Url(get=POST_ONLY, post=MANAGERS_ACT, kwargs=_registration),
    # Confirmation pages: GET, or a POST without confirm=yes, shows what will happen; confirm=yes acts.
    "workgroups:session_cancel": Url(get=HUB_MANAGERS, kwargs=_session),
    "workgroups:cancel": Url(get=HUB_MANAGERS, kwargs=_work_group),
    "workgroups:complete": Url(get=HUB_MANAGERS, kwargs=_work_group),
    # ------------------------------------------------------------------ Work Groups: NCETM
    "workgroups:project_list": Url(get=NETWORK_404),
    "workgroups:project_create": Url(get=NETWORK_404),
    "workgroups:project_edit": Url(get=NETWORK_404, kwargs=lambda w: {"pk": w.work_group.project_id}),
    # ------------------------------------------------------------------ calendars
    "workgroups:calendar": Url(get=SIGNED_IN),
    "workgroups:calendar_regenerate": Url(get=POST_ONLY, post=expect(REDIRECT, anonymous=LOGIN)),
    "workgroups:calendar_feed": Url(get=PUBLIC, kwargs=lambda w: {"token": w.calendar_token}, personal=True),
    "workgroups:session_ics": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, teacher=OK, lead=OK, hub_admin=OK, wg_lead=OK, superuser=OK),
        kwargs=_session,
    ),
    # ------------------------------------------------------------------ mastery: open lessons, the hub calendar
    "mastery:open_lessons": Url(get=SIGNED_IN),
    "mastery:open_lesson": Url(get=SIGNED_IN, kwargs=lambda w: {"pk": w.open_lesson.pk}),
    # Refused bookings (full, another hub's teacher, booked already) come back to the lesson's page with the reason.
    "mastery:open_lesson_book": Url(
        get=POST_ONLY, post=expect(REDIRECT, anonymous=LOGIN), kwargs=lambda w: {"pk": w.open_lesson.pk}
    ),
    "mastery:open_lesson_cancel": Url(get=HUB_MANAGERS, kwargs=lambda w: {"pk": w.open_lesson.pk}),
    "mastery:booking_cancel": Url(
        get=POST_ONLY,
        post=expect(NOT_FOUND, anonymous=LOGIN, teacher=REDIRECT),
        kwargs=lambda w: {"pk": w.open_lesson_booking.pk},
    ),
    # The hub's managers plan for any of its specialists; a specialist (the matrix's teacher is one) for themself.
    "mastery:open_lesson_create": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, teacher=OK, lead=OK, hub_admin=OK, superuser=OK), kwargs=_hub
    ),
    "mastery:hub_calendar": Url(get=HUB_MEMBERS, kwargs=_hub),
    # The hub's school page: its people (not NCETM staff: teachers' names); the stage is the hub lead's to record.
    "mastery:hub_school": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=OK, team=OK, superuser=OK),
        kwargs=lambda w: {"slug": w.hub.slug, "urn": w.school.urn},
    ),
    "mastery:hub_school_stage": Url(
        get=POST_ONLY,
        post=expect(NOT_FOUND, anonymous=LOGIN, lead=OK, superuser=OK),  # an empty form comes back with its errors
        kwargs=lambda w: {"slug": w.hub.slug, "urn": w.school.urn},
    ),
    # ------------------------------------------------------------------ reports
    "reports:network": Url(get=NETWORK),
    "reports:network_trend": Url(get=NETWORK),
    "reports:network_specialists": Url(get=NETWORK),
    "reports:network_download": Url(get=NETWORK, kwargs=lambda w: {"table": "engagement_by_hub", "fmt": "xlsx"}),
    "reports:network_registrations": Url(get=NETWORK),
    "reports:hub": Url(get=HUB_MEMBERS, kwargs=_hub),
    "reports:hub_trend": Url(get=HUB_MEMBERS, kwargs=_hub),
    "reports:hub_specialists": Url(get=HUB_MEMBERS, kwargs=_hub),
    # A Mastery Specialist's profile (the teacher is one): as their progress page, themself, their hub's managers,
    # NCETM staff.
    "reports:specialist_profile": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, teacher=OK, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK),
        kwargs=lambda w: {"pk": w.specialist.pk},
    ),
    "reports:hub_download": Url(
        get=HUB_MEMBERS, kwargs=lambda w: {"slug": w.hub.slug, "table": "work_groups", "fmt": "csv"}
    ),
    "reports:hub_registrations": Url(get=HUB_MEMBERS, kwargs=_hub),
    "reports:survey_questions": Url(get=NETWORK),
    "reports:impact_survey": Url(get=PUBLIC, kwargs=lambda w: {"token": w.survey_token}, personal=True),
    # A headteacher's school page (no account); POST is "e-mail me my school's link" (re-rendered when empty).
    "reports:school_page": Url(get=PUBLIC, kwargs=lambda w: {"token": w.school_link_token}, personal=True),
    "workgroups:reminder_schedule": Url(
        get=HUB_MANAGERS,
        post=expect(NOT_FOUND, anonymous=LOGIN, lead=BAD_REQUEST, hub_admin=BAD_REQUEST, superuser=BAD_REQUEST),
        kwargs=_hub,
    ),
    # ------------------------------------------------------------------ the Mastery Specialist programme
    # The teacher is a Mastery Specialist of the hub; an empty POST re-shows each form with its errors.
    "mastery:cohorts": Url(get=NETWORK),
    "mastery:cohort": Url(get=NETWORK, kwargs=lambda w: {"pk": w.specialist.cohort_id}),
    "mastery:hub_specialists": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK), kwargs=_hub
    ),
    "mastery:nominate": Url(get=HUB_MANAGERS, kwargs=_hub),
    "mastery:specialist": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, teacher=OK, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK),
        kwargs=lambda w: {"pk": w.specialist.pk},
    ),
    "mastery:milestones": Url(get=HUB_MANAGERS, kwargs=lambda w: {"pk": w.specialist.pk}),
    "mastery:place": Url(get=NETWORK_404, kwargs=lambda w: {"pk": w.specialist.pk}),
    # Accreditations: NCETM staff decide (an empty POST re-shows the form); the evidence document for those who read
    # the specialist (the teacher is the specialist).
    "mastery:accreditation_new": Url(get=NETWORK_404, kwargs=lambda w: {"pk": w.specialist.pk}),
    "mastery:accreditation_decide": Url(get=NETWORK_404, kwargs=lambda w: {"pk": w.accreditation.pk}),
    "mastery:accreditation_document": Url(
        get=expect(NOT_FOUND, anonymous=LOGIN, teacher=OK, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK),
        kwargs=lambda w: {"pk": w.accreditation.pk},
    ),
    # ------------------------------------------------------------------ e-mails (the outbox)
    "notifications:preferences": Url(get=SIGNED_IN, post=expect(REDIRECT, anonymous=LOGIN)),
    "notifications:unsubscribe": Url(get=PUBLIC, kwargs=lambda w: {"token": w.unsubscribe_token}, personal=True),
    # Links in reminders e-mailed before the outbox had its own app.
    "legacy_unsubscribe": Url(get=PUBLIC, kwargs=lambda w: {"token": w.unsubscribe_token}, personal=True),
    "legacy_preferences": Url(get=expect(REDIRECT)),
    "notifications:hub_outbox": Url(
        get=HUB_MANAGERS,
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
        kwargs=lambda w: {"hub_slug": w.hub.slug},
        query={"kind": MailKind.SESSION_REMINDER, "status": "queued"},
    ),
    "notifications:topic_outbox": Url(
        get=HUB_MANAGERS,
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
        kwargs=lambda w: {"hub_slug": w.hub.slug, "topic_type": "workgroups.session", "topic_id": w.session.pk},
    ),
    "notifications:resend": Url(
        get=POST_ONLY,
        post=MANAGERS_ACT,
        kwargs=lambda w: {"pk": w.outbox_message.pk},
    ),
    # ------------------------------------------------------------------ the REST API (api app)
    # A session is one of the API's two ways in (tokens are the other: api/tests). Without credentials the API
    # answers 401; a write the role may make answers 415 here only because the matrix posts a form, not JSON.
    "api_tokens:list": Url(get=SIGNED_IN),
    "api_tokens:revoke": Url(
        get=POST_ONLY,
        post=expect(NOT_FOUND, anonymous=LOGIN, teacher=REDIRECT),
        kwargs=lambda w: {"pk": w.api_token.pk},
    ),
    "api:schema": Url(get=PUBLIC, post=expect(NOT_ALLOWED)),
    "api:docs": Url(get=PUBLIC, post=expect(NOT_ALLOWED)),
    "api:not_found": Url(get=NOWHERE),
    "api:me": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:my_cpd": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:report_network": Url(
        get=expect(FORBIDDEN, anonymous=UNAUTHORIZED, ncetm=OK, superuser=OK), post=API_READ_ONLY
    ),
    "api:report_hub": Url(
        get=expect(NOT_FOUND, anonymous=UNAUTHORIZED, lead=OK, hub_admin=OK, team=OK, ncetm=OK, superuser=OK),
        post=API_READ_ONLY,
        kwargs=_hub,
    ),
    "api:hub-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:hub-detail": Url(get=API_SIGNED_IN, post=API_READ_ONLY, kwargs=_hub),
    "api:school-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:school-detail": Url(get=API_SIGNED_IN, post=API_READ_ONLY, kwargs=lambda w: {"urn": w.school.urn}),
    "api:project-list": Url(
        get=API_SIGNED_IN,
        post=expect(FORBIDDEN, anonymous=UNAUTHORIZED, ncetm=UNSUPPORTED, superuser=UNSUPPORTED),
    ),
    "api:project-detail": Url(
        get=API_SIGNED_IN,
        post=expect(FORBIDDEN, anonymous=UNAUTHORIZED, ncetm=NOT_ALLOWED, superuser=NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.work_group.project_id},
    ),
    "api:workgroup-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:workgroup-detail": Url(get=API_SIGNED_IN, post=API_READ_ONLY, kwargs=_work_group),
    "api:session-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:session-detail": Url(get=API_SIGNED_IN, post=API_READ_ONLY, kwargs=_session),
    "api:session-attendance": Url(
        get=API_READ_ONLY,
        post=expect(
            FORBIDDEN,
            anonymous=UNAUTHORIZED,
            lead=UNSUPPORTED,
            hub_admin=UNSUPPORTED,
            wg_lead=UNSUPPORTED,
            superuser=UNSUPPORTED,
        ),
        kwargs=_session,
    ),
    "api:registration-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:registration-detail": Url(get=API_PEOPLE, post=API_READ_ONLY, kwargs=_registration),
    "api:registration-decision": Url(
        get=API_READ_ONLY,
        post=expect(
            NOT_FOUND,
            anonymous=UNAUTHORIZED,
            lead=UNSUPPORTED,
            hub_admin=UNSUPPORTED,
            wg_lead=FORBIDDEN,
            ncetm=FORBIDDEN,
            superuser=UNSUPPORTED,
        ),
        kwargs=_registration,
    ),
    "api:attendance-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:attendance-detail": Url(get=API_PEOPLE, post=API_READ_ONLY, kwargs=lambda w: {"pk": w.attendance.pk}),
    # Mastery Specialists, as their pages: the teacher is the hub's specialist (their own); NCETM staff read all.
    "api:specialist-list": Url(get=API_SIGNED_IN, post=API_READ_ONLY),
    "api:specialist-detail": Url(
        get=expect(NOT_FOUND, anonymous=UNAUTHORIZED, teacher=OK, lead=OK, hub_admin=OK, ncetm=OK, superuser=OK),
        post=API_READ_ONLY,
        kwargs=lambda w: {"pk": w.specialist.pk},
    ),
    # ------------------------------------------------------------------ the Django admin
    # The admin's login is the portal's (rate limits, MFA): anonymous visitors are sent there.
    "admin:login": Url(
        get=expect(FORBIDDEN, anonymous=LOGIN, superuser=REDIRECT),
        post=expect(FORBIDDEN, anonymous=LOGIN, superuser=OK),
    ),
    # Not signed in to the admin, its logout sends you to its index (and so to its login).
    "admin:logout": Url(get=expect(REDIRECT, superuser=NOT_ALLOWED), post=expect(REDIRECT, superuser=OK)),
    "admin:autocomplete": Url(get=ADMIN_REFUSED, post=ADMIN_GET_ONLY),  # refused without its parameters
    "admin:jsi18n": Url(get=ADMIN, post=ADMIN_GET_ONLY),
    "admin:password_change_done": Url(get=ADMIN, post=ADMIN_GET_ONLY),
    "admin:accounts_auditentry_add": Url(get=ADMIN_REFUSED),
    "admin:accounts_auditentry_delete": Url(get=ADMIN_REFUSED),
    "admin:accounts_auditentry_change": Url(get=ADMIN, post=ADMIN_REFUSED),
    "admin:schools_giasimportrun_add": Url(get=ADMIN_REFUSED),
    "admin:notifications_outboxmessage_add": Url(get=ADMIN_REFUSED),  # rows are made by the outbox, never by hand
    "admin/(?P<url>.*)$": Url(get=expect(ADMIN_LOGIN, superuser=NOT_FOUND)),
    "admin:view_on_site": Url(get=expect(ADMIN_LOGIN, superuser={NOT_FOUND, REDIRECT})),
    "admin:*": Url(get=ADMIN),
    "admin/*": Url(get=ADMIN),  # unnamed admin routes (old change URLs, the catch-all)
}


def build_world():
    """One hub with its people, a Work Group with sessions, registrations, a reflection with a file, a completed
    Work Group, another hub with its lead, the secret links, an import run and a reminder: every object a URL
    of the matrix needs. Returns a namespace with a user per role (``users``) and the objects."""
    w = types.SimpleNamespace()
    w.hub = HubFactory(name="Alpha", slug="alpha")
    area = HubAreaFactory(hub=w.hub).local_authority
    school = SchoolFactory(name="Histon Primary", local_authority=area)
    w.hub.lead_schools.add(school)
    w.school = school
    other_hub = HubFactory(name="Beta", slug="beta")
    users = {
        "teacher": UserFactory(school=school),
        "other_lead": HubMembershipFactory(hub=other_hub, role=HubRole.LEAD).user,
        "lead": HubMembershipFactory(hub=w.hub, role=HubRole.LEAD).user,
        "hub_admin": HubMembershipFactory(hub=w.hub, role=HubRole.ADMINISTRATOR).user,
        "team": HubMembershipFactory(hub=w.hub, role=HubRole.LEADERSHIP_TEAM).user,
        "wg_lead": UserFactory(),
        "ncetm": UserFactory(is_ncetm_staff=True),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    w.users = users
    w.work_group = WorkGroupFactory(hub=w.hub, status=WorkGroupStatus.OPEN)
    w.work_group.leads.add(users["wg_lead"])
    start = timezone.now() + datetime.timedelta(days=7)
    w.session = SessionFactory(
        work_group=w.work_group, number=1, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    SessionFactory(
        work_group=w.work_group,
        number=2,
        starts_at=start + datetime.timedelta(days=7),
        ends_at=start + datetime.timedelta(days=7, hours=2),
    )
    w.registration = RegistrationFactory(
        work_group=w.work_group, teacher=users["teacher"], school=school, status=RegistrationStatus.APPROVED
    )
    w.task_response = TaskResponse(registration=w.registration, session=w.session, reflection="It went well.")
    w.task_response.file.save("work.pdf", ContentFile(b"%PDF-1.4 student work"), save=False)
    w.task_response.file_name = "work.pdf"
    w.task_response.save()
    done = WorkGroupFactory(hub=w.hub, status=WorkGroupStatus.COMPLETED)
    SessionFactory(work_group=done, number=1)
    w.completed_registration = RegistrationFactory(
        work_group=done, teacher=users["teacher"], school=school, status=RegistrationStatus.COMPLETED
    )
    w.attendance = services.attendance_send_apologies(registration=w.registration, session=w.session)
    w.specialist = MasterySpecialistFactory(hub=w.hub, user=users["teacher"])
    w.accreditation = AccreditationFactory(specialist=w.specialist, evidence_notes="Gap tasks done.")
    w.accreditation.document.save("evidence.pdf", ContentFile(b"%PDF-1.4 evidence"), save=False)
    w.accreditation.document_name = "evidence.pdf"
    w.accreditation.save()
    w.api_token = api_token_create(user=users["teacher"], name="Matrix", scope="read", lifetime_days=30).token
    w.consent_token = services.consent_token_make(registration=w.registration)
    w.invitation = Invitation.objects.create(
        email="invited@school.example", role=PersonRole.WORK_GROUP_LEAD, hub=w.hub, work_group=w.work_group
    )
    w.invitation_token = invitation_token(invitation=w.invitation)
    w.calendar_token = services.calendar_feed_get_or_create(user=users["teacher"]).token
    host = MasterySpecialistFactory(hub=w.hub, user=UserFactory(school=SchoolFactory(local_authority=area)))
    w.open_lesson = OpenLessonFactory(specialist=host)
    w.open_lesson_booking = mastery_services.open_lesson_book(lesson=w.open_lesson, teacher=users["teacher"])
    w.survey_token = impact_survey_token(school_id=school.pk, academic_year_id=w.work_group.academic_year_id)
    w.school_link_token = school_link_token(school_id=school.pk, email="head@school.example")
    w.unsubscribe_token = unsubscribe_token(kind=MailKind.SESSION_REMINDER, recipient_key=f"user:{users['teacher'].pk}")
    (outbox_id,) = message_enqueue(
        kind=MailKind.SESSION_REMINDER,
        object_key=f"session:{w.session.pk}",
        recipients=[users["teacher"]],
        hub=w.hub,
        topic=w.session,
    )
    w.outbox_message = OutboxMessage.objects.get(pk=outbox_id)
    rejects = settings.VAR_DIR / "gias-rejects"
    rejects.mkdir(parents=True, exist_ok=True)
    w.reject_report = rejects / f"gias-rejects-url-matrix-{timezone.now():%Y%m%d%H%M%S%f}.csv"
    w.reject_report.write_text("line,URN,EstablishmentName,reason\n", encoding="utf-8")
    w.import_run = GiasImportRun.objects.create(
        uploaded_by=users["superuser"], original_name="extract.csv", reject_report=str(w.reject_report)
    )
    return w
