"""The kinds of e-mail the portal sends, declared by the apps that own them.

A kind says who gets what and when: where its rows come from if the sweep finds them
(``find_due``; kinds queued by a service have none), whether a row is still wanted when it is about
to go out (``decide``), and what the e-mail says (``context``, with three templates:
``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``).

Declare a kind in your app's ``mail_kinds`` module; it is imported at start-up
(``NotificationsConfig.ready``)::

    from notifications.registry import Kind, register

    @register
    class WorkGroupCancelled(Kind):
        name = "workgroup_cancelled"
        label = "Work Group cancelled"
        template = "workgroups/email/workgroup_cancelled"
        topic_model = "workgroups.workgroup"

        def topic_queryset(self):
            return WorkGroup.objects.select_related("hub")

        def context(self, batch, row):
            return {"work_group": self.topic(batch, row)}

Queue its e-mails with ``notifications.services.message_enqueue``. The pages describe what a row
is about through ``describe_topic`` functions, registered per topic model with ``topic_describer``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from notifications.models import OutboxMessage


@dataclass
class Due:
    """An e-mail that has come due (or is being queued), before it is a row."""

    kind: str
    object_key: str
    recipient_key: str
    due_at: datetime.datetime
    hub_id: int | None = None
    offset_minutes: int = 0
    topic_type: str = ""
    topic_id: int | None = None
    recipient_id: int | None = None
    to_email: str = ""
    to_name: str = ""
    context: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.kind, self.object_key, self.recipient_key, self.offset_minutes)

    def as_row(self, **fields) -> OutboxMessage:
        return OutboxMessage(
            kind=self.kind,
            object_key=self.object_key,
            recipient_key=self.recipient_key,
            offset_minutes=self.offset_minutes,
            hub_id=self.hub_id,
            topic_type=self.topic_type,
            topic_id=self.topic_id,
            recipient_id=self.recipient_id,
            to_email=self.to_email,
            to_name=self.to_name,
            context=self.context,
            due_at=self.due_at,
            next_attempt_at=self.due_at,
            **fields,
        )


@dataclass
class Decision:
    action: str  # "send", "skip" or "later"
    reason: str = ""
    later: datetime.datetime | None = None


SEND = Decision("send")


def skip(reason: str) -> Decision:
    return Decision("skip", reason)


def later(moment: datetime.datetime) -> Decision:
    return Decision("later", later=moment)


@dataclass
class Batch:
    """What a delivery batch reads once for all its rows (kept small: a few queries per batch)."""

    now: datetime.datetime
    rows: list
    opted_out: set = field(default_factory=set)
    # Objects the rows are about, per topic model: {"workgroups.session": {42: <Session>}}.
    topics: dict = field(default_factory=dict)
    # Anything else a kind reads once per batch, under keys of its own.
    cache: dict = field(default_factory=dict)


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def email_key(address: str) -> str:
    return f"email:{address.strip().lower()}"


class Kind:
    """A kind of e-mail. Subclass it in your app's ``mail_kinds`` module and ``register`` it."""

    name: str = ""  # stored on every row: never rename a kind that has rows
    label: str = ""  # what people read: "Session reminders", "Registration approved"
    template: str = ""  # "<app>/email/<name>": _subject.txt, .txt and .html
    # A person may stop this kind: its e-mails carry a one-click unsubscribe link and header.
    optional: bool = False
    # Offered on the preferences page (for optional kinds that people with an account receive).
    on_preferences_page: bool = False
    # The model rows of this kind are about ("app_label.model"): ``prepare`` loads them for the batch.
    topic_model: str = ""

    def find_due(self, now: datetime.datetime) -> Iterable[Due]:
        """Rows the sweep should add at ``now`` (for kinds that fall due by the clock). None by default."""
        return ()

    def topic_queryset(self):
        """The queryset ``prepare`` loads topics from (with what ``context`` reads), or None."""
        return None

    def prepare(self, batch: Batch, rows: list[OutboxMessage]) -> None:
        """Read what ``decide`` and ``context`` need for these rows, in a few queries."""
        queryset = self.topic_queryset()
        if queryset is not None:
            loaded = batch.topics.setdefault(self.topic_model, {})
            missing = {r.topic_id for r in rows if r.topic_id is not None} - loaded.keys()
            loaded.update(queryset.in_bulk(missing))

    def topic(self, batch: Batch, row: OutboxMessage):
        """The object ``row`` is about, loaded by ``prepare`` (None if it no longer exists)."""
        return batch.topics.get(self.topic_model, {}).get(row.topic_id)

    def decide(self, batch: Batch, row: OutboxMessage) -> Decision:
        """Send, skip (with the reason a hub lead reads) or wait until later. By default: send,
        unless the object the row is about has been deleted."""
        if self.topic_model and self.topic_queryset() is not None and self.topic(batch, row) is None:
            return skip("what it was about no longer exists")
        return SEND

    def context(self, batch: Batch, row: OutboxMessage) -> dict:
        raise NotImplementedError

    def attachments(self, batch: Batch, row: OutboxMessage) -> list[tuple[str, bytes, str]]:
        return []

    def shared_key(self, batch: Batch, row: OutboxMessage):
        """Rows with the same key get the same text but for name and unsubscribe link (None: render each)."""
        return None


class UnknownKind(LookupError):
    pass


_KINDS: dict[str, Kind] = {}
_DESCRIBERS: dict[str, Callable] = {}


def register(kind):
    """Register a kind (a ``Kind`` subclass, used as a decorator, or an instance). Names are unique."""
    instance = kind() if isinstance(kind, type) else kind
    instance.name = str(instance.name)  # a StrEnum member is stored as its plain value
    if not instance.name or not instance.label or not instance.template:
        raise ValueError(f"{kind!r} needs a name, a label and a template")
    if instance.name in _KINDS and type(_KINDS[instance.name]) is not type(instance):
        raise ValueError(f"An e-mail kind named {instance.name!r} is already registered")
    _KINDS[instance.name] = instance
    return kind


def kind_get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(f"No e-mail kind {name!r} is registered (see notifications.registry)") from None


def kinds() -> list[Kind]:
    """Every registered kind, by label."""
    return sorted(_KINDS.values(), key=lambda k: k.label)


def kind_label(name: str) -> str:
    kind = _KINDS.get(name)
    return kind.label if kind else name


def topic_describer(model_label: str):
    """Register ``describe(*, hub, ids) -> {id: "text"}`` for rows about ``model_label``.

    It names, in one query, those of ``ids`` that belong to ``hub`` (the outbox pages show the
    text beside each row and answer 404 for a topic of another hub).
    """

    def decorator(function):
        _DESCRIBERS[model_label] = function
        return function

    return decorator


def topics_describe(*, hub, topics: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Texts for (topic model, id) pairs of ``hub``: one call per topic model."""
    by_type: dict[str, set[int]] = {}
    for topic_type, topic_id in topics:
        if topic_type and topic_id is not None:
            by_type.setdefault(topic_type, set()).add(topic_id)
    found = {}
    for topic_type, ids in by_type.items():
        describe = _DESCRIBERS.get(topic_type)
        if describe:
            found.update({(topic_type, pk): text for pk, text in describe(hub=hub, ids=ids).items()})
    return found
