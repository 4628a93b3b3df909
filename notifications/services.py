"""Writes to the outbox: queue e-mails, send a failed one again, people's choices.

The public API for other apps is ``message_enqueue``: declare a kind in your app's
``mail_kinds`` module (``notifications.registry``), then, in the service that makes the change::

    from notifications.services import Address, message_enqueue

    message_enqueue(
        kind="session_moved",
        object_key=f"session:{session.pk}:seq:{session.sequence}",  # the event: a retry adds nothing
        recipients=[registration.teacher for registration in holders],  # users, or Address(email, name)
        hub=session.work_group.hub,
        topic=session,  # what it is about: the hub's outbox page can list the session's e-mails
        context={"starts_at": session.starts_at.isoformat()},  # small values the kind reads
    )

The rows are written in the caller's transaction (so the e-mail exists exactly when the change
does) and delivered right after it commits, by the same claimed, leased, retried path as every
other e-mail.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone

from notifications.delivery import outbox_deliver_task
from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.registry import Due, email_key, kind_get, user_key
from notifications.selectors import preference_kinds
from notifications.sweep import rows_insert_and_queue

OBJECT_KEY_MAX_LENGTH = OutboxMessage._meta.get_field("object_key").max_length


@dataclass(frozen=True)
class Address:
    """Someone without an account (a headteacher): e-mailed at ``email``, greeted as ``name``."""

    email: str
    name: str = ""


@transaction.atomic
def message_enqueue(
    *,
    kind: str,
    object_key: str,
    recipients: Iterable[models.Model | Address],
    hub: models.Model | int | None,
    topic: models.Model | None = None,
    context: Mapping[str, Any] | None = None,
    due_at: datetime | None = None,
) -> list[int]:
    """Queue one e-mail of ``kind`` to each of ``recipients``; return the ids of the rows added.

    - ``kind``: the name of a registered kind (``notifications.registry.register``).
    - ``object_key``: what the e-mail is about *and which event of it*, e.g.
      ``f"session:{pk}:seq:{sequence}"``. One row per (kind, object_key, recipient): calling again
      with the same key (a retried or duplicated enqueue) adds nothing and sends nothing; a new
      event (the session moved again, so its sequence rose) gets a new key and is sent.
    - ``recipients``: users (their current address is used at send time) and ``Address`` values for
      people without an account. Duplicates are sent once.
    - ``hub``: the hub whose staff see these e-mails on its outbox page (a Hub or its id), or None.
    - ``topic``: the model instance the e-mail is about; the kind's ``prepare`` loads it again at send
      time, and the outbox pages group and describe rows by it.
    - ``context``: JSON-serialisable ids and small values the kind reads when it renders (kept on the row).
    - ``due_at``: when to send (default now). Rows due now are delivered right after the caller's
      transaction commits; later ones by the sweep once due.

    Guarantees: the rows are written in the caller's transaction (rolled back with it); each row
    is delivered at most once per attempt by the claimed delivery path, with a Message-ID that
    stays the same across attempts and resends. Raises ``UnknownKind`` for a kind nobody
    registered, ``ValueError`` for a bad ``object_key`` or ``context``, and ``ValidationError`` for
    an invalid address.
    """
    kind_get(kind)
    if not object_key or len(object_key) > OBJECT_KEY_MAX_LENGTH:
        raise ValueError(f"object_key must be 1 to {OBJECT_KEY_MAX_LENGTH} characters: {object_key!r}")
    context = dict(context or {})
    try:
        json.dumps(context)
    except TypeError as exc:
        raise ValueError(f"context must be JSON-serialisable: {exc}") from exc
    now = timezone.now()
    due_at = due_at or now
    common = {
        "kind": kind,
        "object_key": object_key,
        "due_at": due_at,
        "hub_id": getattr(hub, "pk", hub),
        "topic_type": topic._meta.label_lower if topic is not None else "",
        "topic_id": topic.pk if topic is not None else None,
        "context": context,
    }
    dues = []
    for recipient in recipients:
        if isinstance(recipient, Address):
            address = recipient.email.strip()
            validate_email(address)
            dues.append(Due(recipient_key=email_key(address), to_email=address, to_name=recipient.name, **common))
        else:
            dues.append(Due(recipient_key=user_key(recipient.pk), recipient_id=recipient.pk, **common))
    return rows_insert_and_queue(dues, now=now).ids


class ResendRefused(ValidationError):
    pass


@transaction.atomic
def message_resend(*, message: OutboxMessage) -> OutboxMessage:
    """Put a failed e-mail back in the queue for one more round of attempts, and queue its delivery now.

    Keeps its Message-ID, so a copy that did arrive after all folds into one. Raises
    ``ResendRefused`` unless it had failed.
    """
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != OutboxStatus.FAILED:
        raise ResendRefused("Only an e-mail that failed can be sent again.")
    now = timezone.now()
    locked.status = OutboxStatus.QUEUED
    locked.attempts = 0
    locked.next_attempt_at = now
    locked.dispatched_at = now
    locked.claimed_until, locked.claim_token = None, ""
    locked.save(
        update_fields=["status", "attempts", "next_attempt_at", "dispatched_at", "claimed_until", "claim_token",
                       "updated_at"]
    )  # fmt: skip
    transaction.on_commit(lambda: outbox_deliver_task.delay([locked.pk]))
    return locked


@transaction.atomic
def opt_out_record(*, kind: str, recipient_key: str) -> bool:
    """Stop e-mails of ``kind`` for this person; queued ones are skipped when they come up.

    Returns True if this is new. Idempotent. Raises ``ValueError`` for a kind nobody may stop.
    """
    if not kind_get(kind).optional:
        raise ValueError(f"E-mails of kind {kind!r} cannot be stopped")
    _, created = OptOut.objects.get_or_create(kind=kind, recipient_key=recipient_key)
    return created


@transaction.atomic
def preferences_set(*, user, wanted: Iterable[str]) -> None:
    """Keep exactly the kinds in ``wanted`` for ``user``: opt out of the others, back in to these."""
    key = user_key(user.pk)
    wanted = set(wanted)
    OptOut.objects.filter(recipient_key=key, kind__in=wanted).delete()
    for kind in preference_kinds():
        if kind.name not in wanted:
            OptOut.objects.get_or_create(kind=kind.name, recipient_key=key)
