"""Local development: DEBUG on, SQLite and the filesystem broker unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")
# The demo's beat sweeps the outbox every 30 seconds (production: every 5 minutes).
os.environ.setdefault("OUTBOX_SWEEP_SECONDS", "30")

from .base import *  # noqa: E402,F403
