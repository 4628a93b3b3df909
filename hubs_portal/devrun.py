"""``make run``'s processes: the development web server and a Celery worker with its embedded beat, run and
stopped together.

Each child runs in a process group of its own, so the terminal's Ctrl-C reaches only this supervisor, which
then stops them in order: the web server's group gets SIGTERM (its autoreloader and the server it runs), the
worker SIGTERM (its warm shutdown, which finishes the task in hand and stops beat). Whatever still runs after
``GRACE_SECONDS`` is killed with its whole group, so everything ``make run`` started has ended within
``STOP_WITHIN_SECONDS`` of Ctrl-C or SIGTERM. Killing a worker mid-task loses nothing: tasks are acknowledged
late and re-delivered, and the outbox's claimed rows are sent exactly once (README, "Delivery guarantees").

If either child stops by itself (the port is taken, a settings error), the other is stopped too.

    python -m hubs_portal.devrun --port 8000
"""

import argparse
import os
import signal
import subprocess
import sys
import time

GRACE_SECONDS = 6.0
STOP_WITHIN_SECONDS = 10.0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def stop(children: dict[str, subprocess.Popen], *, grace: float = GRACE_SECONDS) -> None:
    """Ask each child to stop, wait up to ``grace`` seconds, then kill what is left of each group."""
    for name, child in children.items():
        if child.poll() is not None:
            continue
        if name == "worker":
            child.send_signal(signal.SIGTERM)  # the main process alone: it stops its pool and beat itself
        else:
            _signal_group(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        for child in children.values():
            child.poll()  # reap a leader that has exited, so its group can empty
        if not any(_group_alive(child.pid) for child in children.values()):
            return
        time.sleep(0.1)
    for name, child in children.items():
        if _group_alive(child.pid):
            print(f"devrun: the {name} did not stop within {grace:g} s; killing it", file=sys.stderr, flush=True)
            _signal_group(child.pid, signal.SIGKILL)
    for child in children.values():
        child.wait()
    # The killed processes' parents are gone: init reaps them a moment later, and only then is the group empty.
    deadline = time.monotonic() + STOP_WITHIN_SECONDS - grace - 1
    while any(_group_alive(child.pid) for child in children.values()) and time.monotonic() < deadline:
        time.sleep(0.05)


def commands(port: int) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web server": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "hubs_portal",
            "worker",
            "--beat",
            "--loglevel=INFO",
            "--concurrency=2",
        ],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    stopping = []

    def ask_to_stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, ask_to_stop)
    signal.signal(signal.SIGTERM, ask_to_stop)
    children = {}
    for name, command in commands(args.port).items():
        children[name] = subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL)
    pids = ", ".join(f"{name} pid {child.pid}" for name, child in children.items())
    print(f"devrun: started {pids}; Ctrl-C stops everything", flush=True)
    while not stopping and all(child.poll() is None for child in children.values()):
        time.sleep(0.2)
    print("devrun: stopping the web server and the worker", flush=True)
    stop(children)
    print("devrun: stopped", flush=True)
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main())
