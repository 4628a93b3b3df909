"""The e-mail of one outbox row: plain text and HTML, attachments, a stable Message-ID and, for
kinds a person may stop, one-click unsubscribe headers (RFC 8058).

Templates are rendered once per (kind, variant) in a batch and the parts that differ between
recipients (name, unsubscribe link, address, Message-ID) are put in afterwards: rendering and
building the MIME tree were the largest shares of a worker's CPU per e-mail (see the reminders
benchmark in the issue notes).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from notifications.models import OutboxMessage
from notifications.registry import Batch, kind_get
from notifications.unsubscribe import unsubscribe_url_maker

# Stand-ins for what differs between recipients of the same e-mail.
NAME_MARK = "@@recipient-name@@"
HTML_NAME_MARK = "@@recipient-name-html@@"
UNSUBSCRIBE_MARK = "@@unsubscribe-url@@"
TO_MARK = "recipient-mark@outbox.invalid"
MESSAGE_ID_MARK = "<message-id-mark@outbox.invalid>"
NAME_MARK_BYTES, HTML_NAME_MARK_BYTES, UNSUBSCRIBE_MARK_BYTES, TO_MARK_BYTES, MESSAGE_ID_MARK_BYTES = (
    mark.encode() for mark in (NAME_MARK, HTML_NAME_MARK, UNSUBSCRIBE_MARK, TO_MARK, MESSAGE_ID_MARK)
)


# A plain address: a dot-atom local part at a domain of letters, digits and hyphens (labels of 1 to 63).
# ``sanitize_address`` gives such an address back unchanged, after a parse that cost a quarter of a
# millisecond per e-mail; anything else (a name, non-ASCII, quoting) still goes through it.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*")


def envelope_address(address: str) -> str:
    """``sanitize_address(address, DEFAULT_CHARSET)``: what Django's SMTP backend sends and writes for ``address``."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return sanitize_address(address, settings.DEFAULT_CHARSET)


def site_link(path: str = "") -> str:
    """An absolute link to ``path`` on the portal (``SITE_URL``), for e-mails built outside a request."""
    return settings.SITE_URL.rstrip("/") + path


def recipient_name(row: OutboxMessage) -> str:
    name = (row.recipient.full_name if row.recipient_id else row.to_name) or "colleague"
    return " ".join(name.split())


def _render_shared(batch: Batch, row: OutboxMessage) -> tuple[str, str, str]:
    kind = kind_get(row.kind)
    key = (row.kind, kind.shared_key(batch, row))
    rendered = batch.cache.setdefault("rendered", {})
    if key[1] is None or key not in rendered:
        context = kind.context(batch, row)
        context.update(
            recipient_name=NAME_MARK,
            unsubscribe_url=UNSUBSCRIBE_MARK if kind.optional else "",
            preferences_url=site_link(reverse("notifications:preferences")),
            kind_label=kind.label.lower(),
            site_url=settings.SITE_URL,
        )
        subject = " ".join(render_to_string(f"{kind.template}_subject.txt", context).split())
        text = render_to_string(f"{kind.template}.txt", context)
        context["recipient_name"] = HTML_NAME_MARK
        rendered[key] = (subject, text, render_to_string(f"{kind.template}.html", context))
    return rendered[key]


def _new_message(batch, row, *, subject, to, text, html, unsubscribe, message_id, connection=None):
    kind = kind_get(row.kind)
    headers = {
        # The same Message-ID on every attempt: a copy delivered twice folds into one.
        "Message-ID": message_id,
        "Auto-Submitted": "auto-generated",
    }
    if kind.optional:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in kind.attachments(batch, row):
        message.attach(filename, content, mimetype)
    return message


def _recipient_parts(batch: Batch, row: OutboxMessage) -> tuple[str, str]:
    """The recipient's name and, for kinds a person may stop, their unsubscribe link."""
    if kind_get(row.kind).optional:
        make = batch.cache.get("unsubscribe_url")
        if make is None:
            make = batch.cache["unsubscribe_url"] = unsubscribe_url_maker()
        return recipient_name(row), make(kind=row.kind, recipient_key=row.recipient_key)
    return recipient_name(row), ""


def build_message(batch: Batch, row: OutboxMessage, *, connection=None) -> EmailMultiAlternatives:
    """The e-mail for one row, addressed to the recipient's current address (any e-mail backend)."""
    name, unsubscribe = _recipient_parts(batch, row)
    subject, text, html = _render_shared(batch, row)
    return _new_message(
        batch,
        row,
        subject=subject.replace(NAME_MARK, name),
        to=row.to_address,
        text=text.replace(NAME_MARK, name).replace(UNSUBSCRIBE_MARK, unsubscribe),
        html=html.replace(HTML_NAME_MARK, escape(name)).replace(UNSUBSCRIBE_MARK, escape(unsubscribe)),
        unsubscribe=unsubscribe,
        message_id=row.message_id,
        connection=connection,
    )


@dataclass(frozen=True)
class PreparedEmail:
    """An e-mail serialised for SMTP: the envelope's sender and recipient, and the message (CRLF line ends)."""

    from_address: str
    to_address: str
    data: bytes


def prepared_email(batch: Batch, row: OutboxMessage) -> PreparedEmail | None:
    """The bytes ``build_message`` would give an SMTP server for this row, made from its variant's prepared bytes.

    The same headers, parts and attachments as the ordinary build, byte for byte but for the MIME
    boundary and the Date (those of the variant's build, earlier in the batch); the envelope as
    Django's SMTP backend writes it. None for a kind or variant that cannot be prepared (it is built
    the ordinary way).
    """
    prepared = _prepared_bytes(batch, row)
    if prepared is None:
        return None
    name, unsubscribe = _recipient_parts(batch, row)
    to = envelope_address(row.to_address)
    data = (
        prepared.replace(NAME_MARK_BYTES, name.encode())
        .replace(HTML_NAME_MARK_BYTES, escape(name).encode())
        .replace(UNSUBSCRIBE_MARK_BYTES, unsubscribe.encode())
        .replace(TO_MARK_BYTES, to.encode())
        .replace(MESSAGE_ID_MARK_BYTES, row.message_id.encode())
    )
    sender = batch.cache.get("envelope_from")
    if sender is None:
        sender = batch.cache["envelope_from"] = envelope_address(settings.DEFAULT_FROM_EMAIL)
    return PreparedEmail(from_address=sender, to_address=to, data=data)


def _prepared_bytes(batch: Batch, row: OutboxMessage) -> bytes | None:
    """The serialised e-mail of a (kind, variant) with marks where each recipient's details go.

    Built and serialised once per variant in a batch; only when every part is sent as 8bit (no
    base64 or quoted-printable, which would hide or mangle the marks) and every mark the text
    uses is found intact; otherwise None, and the e-mail is built the ordinary way.
    """
    shared_key = kind_get(row.kind).shared_key(batch, row)
    if shared_key is None:
        return None
    cache = batch.cache.setdefault("prepared", {})
    key = (row.kind, shared_key)
    if key not in cache:
        subject, text, html = _render_shared(batch, row)
        template = _new_message(
            batch, row, subject=subject, to=TO_MARK, text=text, html=html, unsubscribe=UNSUBSCRIBE_MARK,
            message_id=MESSAGE_ID_MARK,
        )  # fmt: skip
        data = template.message().as_bytes(linesep="\r\n")
        safe = b"Content-Transfer-Encoding: base64" not in data and b"quoted-printable" not in data
        used = [mark for mark in (NAME_MARK, HTML_NAME_MARK, UNSUBSCRIBE_MARK) if mark in text or mark in html]
        marks = [*used, TO_MARK, MESSAGE_ID_MARK]
        intact = NAME_MARK not in subject and all(data.count(m.encode()) >= 1 for m in marks)
        cache[key] = data if safe and intact else None
    return cache[key]
