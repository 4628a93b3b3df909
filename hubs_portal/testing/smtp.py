"""A real SMTP server on a free loopback port (aiosmtpd), for tests and the benchmark.

It keeps what it accepts (Message-ID, recipients, the connection it came on) and can refuse
the first N messages with a 4xx reply, like a greylisting or overloaded server, or refuse given
recipients at RCPT, like a server that knows no such mailbox.
"""

import asyncio
import email
import email.parser
import logging
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO; a failing test's output should show ours.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    message_id: str
    to: list
    peer: tuple
    subject: str
    raw: bytes


@dataclass
class SinkHandler:
    refuse_first: int = 0
    refuse_reply: str = "451 4.3.0 Try again later"
    keep_raw: bool = True
    # Seconds to wait after accepting a message and before replying 250: a kill in that gap is
    # "the server accepted it, the sender never heard".
    delay: float = 0.0
    # Recipients refused at RCPT, with the reply each gets ({"ann@x.example": "550 5.1.1 No such user"}).
    refuse_recipients: dict = field(default_factory=dict)
    received: list = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_recipients:
            return self.refuse_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.refuse_first:
                self.refused += 1
                return self.refuse_reply
            headers = email.parser.BytesHeaderParser().parsebytes(envelope.content)
            self.received.append(
                Received(
                    message_id=headers["Message-ID"],
                    to=list(envelope.rcpt_tos),
                    peer=tuple(session.peer),
                    subject=headers["Subject"] or "",
                    raw=envelope.content if self.keep_raw else b"",
                )
            )
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [r.message_id for r in self.received]


class SmtpSink:
    """Context manager: ``with SmtpSink() as sink: ... sink.port, sink.handler.received``."""

    def __init__(self, **handler_options):
        self.handler = SinkHandler(**handler_options)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def worker_env(self) -> dict:
        """The settings a worker process needs to send to this server (``Worker(env=...)``)."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": 0,
            "EMAIL_TIMEOUT": 10,
        }

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
