"""The development mailbox: every e-mail is kept in ``var/mail`` and named in one line on the console.

A person trying the demo reads the messages (sign-up verification, headteacher consent links,
reminders) at ``/dev/mailbox/``, which exists only while DEBUG is on.
"""

import sys
from email import message_from_bytes, policy
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.http import Http404
from django.shortcuts import render


class DevMailboxBackend(BaseEmailBackend):
    """Keeps each message as an ``.eml`` file in ``EMAIL_FILE_PATH`` and prints one line for it on the console
    (to whom, the subject, the file): the whole MIME source of a reminder with its calendar file is a screenful."""

    def send_messages(self, email_messages):
        folder = _mail_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            mime = message.message()
            # One file per message, named by its Message-ID, so the mailbox can list and open them one by one.
            path = folder / f"{mime['Message-ID'].strip('<>').replace('/', '_')}.eml"
            path.write_bytes(mime.as_bytes())
            subject = " ".join(str(message.subject).split())
            sys.stdout.write(f"E-mail to {', '.join(message.recipients())}: {subject} ({path.name})\n")
        sys.stdout.flush()
        return len(email_messages)


def _mail_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _read(path: Path) -> dict:
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain", "html"))
    return {
        "id": path.stem,
        "subject": msg["Subject"],
        "to": msg["To"],
        "date": msg["Date"],
        "body": body.get_content() if body else "",
        "mtime": path.stat().st_mtime,
    }


def mailbox_list(request):
    if not settings.DEBUG:
        raise Http404
    folder = _mail_dir()
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.exists() else []
    return render(request, "dev/mailbox_list.html", {"messages_": [_read(p) for p in paths[:200]]})


def mailbox_detail(request, message_id: str):
    if not settings.DEBUG:
        raise Http404
    path = _mail_dir() / f"{message_id}.eml"
    if "/" in message_id or not path.exists():
        raise Http404
    return render(request, "dev/mailbox_detail.html", {"mail": _read(path)})
