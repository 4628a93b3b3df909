"""The headteacher's school page link: signed, timestamped, one school only.

Spelled as the consent link is (``workgroups.services.consent``): ``django.core.signing.TimestampSigner`` with a
salt of its own, so a consent, survey or invitation token is no school link, and an altered school id breaks the
signature. The token also names the address it was sent to, so the audit trail can say whose link was opened.
It lasts ``SCHOOL_LINK_DAYS`` days from signing; an expired link still names its school (its signature holds), so
its page can offer to e-mail the school's headteacher a fresh one, and shows nothing else.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SCHOOL_LINK_SALT = "schools.headteacher-school-page"


@dataclass(frozen=True)
class SchoolLink:
    school_id: int
    email: str  # the address the link was sent to
    expired: bool


def school_link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.SCHOOL_LINK_DAYS)


def school_link_token(*, school_id: int, email: str) -> str:
    """A signed, timestamped token naming the school and the headteacher's address it is sent to."""
    return signing.TimestampSigner(salt=SCHOOL_LINK_SALT).sign_object({"s": school_id, "e": email.strip().lower()})


def school_link_read(token: str) -> SchoolLink:
    """The school (and address) a token was signed for, and whether it has expired.

    Raises ``signing.BadSignature`` for an altered, forged or foreign token (a consent link's included).
    """
    signer = signing.TimestampSigner(salt=SCHOOL_LINK_SALT)
    expired = False
    try:
        payload = signer.unsign_object(token, max_age=school_link_max_age())
    except signing.SignatureExpired:
        payload, expired = signer.unsign_object(token), True
    try:
        return SchoolLink(school_id=int(payload["s"]), email=str(payload["e"]), expired=expired)
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("not a school link") from None


def school_link_url(*, school_id: int, email: str) -> str:
    """The absolute link (``settings.SITE_URL``) to the school's page, for an e-mail to ``email``."""
    token = school_link_token(school_id=school_id, email=email)
    return settings.SITE_URL.rstrip("/") + reverse("reports:school_page", args=[token])
