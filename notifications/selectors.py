"""Reads of the outbox. Scoped: a hub's rows only, asked for by someone who manages that hub
(the views check ``notifications.view_hub_outbox`` first)."""

from django.db.models import Count, QuerySet

from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.registry import Kind, kind_label, kinds, topics_describe, user_key


def hub_outbox_messages(*, hub, kind: str = "", status: str = "", topic: tuple[str, int] | None = None) -> QuerySet:
    """The hub's e-mails, newest due first, narrowed by kind, state and what they are about."""
    rows = OutboxMessage.objects.filter(hub=hub).select_related("recipient")
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if topic is not None:
        rows = rows.filter(topic_type=topic[0], topic_id=topic[1])
    return rows.order_by("-due_at", "-pk")


def hub_outbox_counts(*, hub, kind: str = "", topic: tuple[str, int] | None = None) -> dict[str, int]:
    """How many of the hub's e-mails (of ``kind``, about ``topic``) are in each state, in one query."""
    counts = dict.fromkeys(OutboxStatus.values, 0)
    rows = hub_outbox_messages(hub=hub, kind=kind, topic=topic).order_by()
    counts.update(dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    return counts


def rows_describe(*, hub, rows, known: dict | None = None) -> list[OutboxMessage]:
    """The rows, each with ``about`` (what it is about, in words: one query per kind of topic) and ``kind_label``.

    ``known``: texts already read, {(topic model, id): text}, not asked for again.
    """
    rows = list(rows)
    labels = dict(known or {})
    wanted = {(r.topic_type, r.topic_id) for r in rows} - labels.keys()
    labels.update(topics_describe(hub=hub, topics=wanted) if wanted else {})
    for row in rows:
        row.about = labels.get((row.topic_type, row.topic_id), "")
        row.kind_label = kind_label(row.kind)
    return rows


def topic_describe(*, hub, topic_type: str, topic_id: int) -> str | None:
    """What a topic of ``hub`` is, in words; None if it is not the hub's (or nobody describes it)."""
    return topics_describe(hub=hub, topics=[(topic_type, topic_id)]).get((topic_type, topic_id))


def preference_kinds() -> list[Kind]:
    """The kinds a person with an account chooses on their preferences page."""
    return [kind for kind in kinds() if kind.optional and kind.on_preferences_page]


def preferences_wanted(*, user) -> set[str]:
    """The kinds of the preferences page that ``user`` still receives."""
    opted_out = set(OptOut.objects.filter(recipient_key=user_key(user.pk)).values_list("kind", flat=True))
    return {kind.name for kind in preference_kinds()} - opted_out
