"""SMTP servers for the reminders' benchmark: aiosmtpd processes sharing one port, logging each Message-ID.

Several processes (``SO_REUSEPORT``), so the receiving side is not one busy thread that the worker waits on.
"""

import multiprocessing
from pathlib import Path

from hubs_portal.testing.smtp import free_port


def _server_process(port: int, out_path: str, ready) -> None:
    import asyncio  # noqa: PLC0415 - in the spawned process only
    import email.parser  # noqa: PLC0415
    import logging  # noqa: PLC0415

    from aiosmtpd.smtp import SMTP  # noqa: PLC0415

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    out = open(out_path, "a", buffering=1)  # noqa: SIM115 - open for the process's life
    parser = email.parser.BytesHeaderParser()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            out.write(f"{parser.parsebytes(envelope.content)['Message-ID']}\n")
            return "250 2.0.0 OK"

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(Handler()), host="127.0.0.1", port=port, reuse_port=True)
    )
    ready.set()
    try:
        loop.run_forever()
    finally:
        server.close()


class SmtpServers:
    """``with SmtpServers(2, directory) as sink: … sink.port … sink.message_ids()``; killed on exit."""

    def __init__(self, processes: int, directory: Path):
        self.port = free_port()
        self.paths = [directory / f"smtp-{n}.log" for n in range(processes)]
        for path in self.paths:
            path.write_text("")
        context = multiprocessing.get_context("spawn")
        self.events = [context.Event() for _ in self.paths]
        self.processes = [
            context.Process(target=_server_process, args=(self.port, str(path), event), daemon=True)
            for path, event in zip(self.paths, self.events, strict=True)
        ]

    def __enter__(self):
        for process, event in zip(self.processes, self.events, strict=True):
            process.start()
            event.wait(10)
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.kill()
            process.join(5)

    def message_ids(self) -> list[str]:
        return [line for path in self.paths for line in path.read_text().splitlines() if line]
