"""The e-mail of one outbox row: plain text and HTML, attachments, a stable Message-ID and, for
kinds a person may stop, one-click unsubscribe headers (RFC 8058).

Templates are rendered once per (kind, variant) in a batch and the parts that differ between
recipients (name, unsubscribe link, address, Message-ID) are put in afterwards: rendering and
building the MIME tree were the largest shares of a worker's CPU per e-mail (see the reminders
benchmark in the issue notes).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from notifications.models import OutboxMessage
from notifications.registry import Batch, kind_get
from notifications.unsubscribe import unsubscribe_url

# Stand-ins for what differs between recipients of the same e-mail.
NAME_MARK = "@@recipient-name@@"
HTML_NAME_MARK = "@@recipient-name-html@@"
UNSUBSCRIBE_MARK = "@@unsubscribe-url@@"
TO_MARK = "recipient-mark@outbox.invalid"
MESSAGE_ID_MARK = "<message-id-mark@outbox.invalid>"


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


def build_message(batch: Batch, row: OutboxMessage, *, connection=None) -> EmailMultiAlternatives:
    """The e-mail for one row, addressed to the recipient's current address."""
    kind = kind_get(row.kind)
    to = row.to_address
    name = recipient_name(row)
    unsubscribe = unsubscribe_url(kind=row.kind, recipient_key=row.recipient_key) if kind.optional else ""
    subject, text, html = _render_shared(batch, row)
    message = _new_message(
        batch,
        row,
        subject=subject.replace(NAME_MARK, name),
        to=to,
        text=text.replace(NAME_MARK, name).replace(UNSUBSCRIBE_MARK, unsubscribe),
        html=html.replace(HTML_NAME_MARK, escape(name)).replace(UNSUBSCRIBE_MARK, escape(unsubscribe)),
        unsubscribe=unsubscribe,
        message_id=row.message_id,
        connection=connection,
    )
    if isinstance(connection, SmtpBackend):
        prepared = _prepared_bytes(batch, row)
        if prepared is not None:
            data = (
                prepared.replace(NAME_MARK.encode(), name.encode())
                .replace(HTML_NAME_MARK.encode(), escape(name).encode())
                .replace(UNSUBSCRIBE_MARK.encode(), unsubscribe.encode())
                .replace(TO_MARK.encode(), sanitize_address(to, "utf-8").encode())
                .replace(MESSAGE_ID_MARK.encode(), row.message_id.encode())
            )
            message.message = lambda: PreparedMime(data)  # what the SMTP backend serialises
    return message


class PreparedMime:
    """Bytes of a message already serialised for SMTP (CRLF line ends), as Django's SMTP backend asks for them."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


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
