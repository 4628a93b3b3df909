"""The load tool: ``connections`` concurrent HTTP/1.1 clients, each sending one GET after another, for a time.

Python's asyncio and raw sockets, so ``make install`` is all it needs. Gunicorn's sync workers close the
connection after each answer (as they do for wrk), so each request is a new connection here too. The same tool
drives the bare view and the find page in the same run: their ratio is what the figures compare, and the tool's
own cost (it shares the two cores with the server) weighs on both.
"""

import asyncio
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def _client(host: str, port: int, request: bytes, deadline: float, counts: list[int]) -> None:
    while time.perf_counter() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            answer = await reader.read(-1)  # until the server closes: the whole answer
            writer.close()
        except OSError:
            counts[1] += 1
            await asyncio.sleep(0.01)
            continue
        if answer.startswith(b"HTTP/1.1 200") or answer.startswith(b"HTTP/1.0 200"):
            counts[0] += 1
        else:
            counts[1] += 1


async def _drive(host, port, request, connections, seconds) -> LoadResult:
    counts = [0, 0]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(_client(host, port, request, deadline, counts) for _ in range(connections)))
    return LoadResult(requests=counts[0], errors=counts[1], seconds=time.perf_counter() - started)


def drive(*, host: str, port: int, path: str, seconds: float, connections: int = 16, cookie: str = "") -> LoadResult:
    """GET ``path`` as fast as ``connections`` clients can for ``seconds``; count the 200 answers."""
    headers = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", "User-Agent: portal-bench"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode()
    return asyncio.run(_drive(host, port, request, connections, seconds))
