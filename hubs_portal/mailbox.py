"""The development mailbox: every e-mail is printed on the console and kept in ``var/mail``.

A person trying the demo reads the messages (sign-up verification, headteacher consent links,
reminders) at ``/dev/mailbox/``, which exists only while DEBUG is on.
"""

from email import message_from_bytes, policy
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.http import Http404
from django.shortcuts import render


class DevMailboxBackend(FileBackend):
    """Keeps each message as an ``.eml`` file and echoes it to the console."""

    def write_message(self, message):
        # One file per message, so the mailbox can list and open them one by one.
        raw = message.message().as_bytes()
        path = Path(self.file_path) / f"{message.message()['Message-ID'].strip('<>')}.eml"
        path.write_bytes(raw)
        ConsoleBackend().write_message(message)  # to stdout (stream=None left it without one)

    def send_messages(self, email_messages):
        # FileBackend's own send_messages writes to one shared stream, which this backend does not open.
        sent = 0
        for message in email_messages:
            try:
                self.write_message(message)
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def open(self):
        return False

    def close(self):
        return None


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
