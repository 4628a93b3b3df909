"""The audit trail: every change that matters is recorded by the service that makes it.

One call, from inside the service's transaction (so the entry commits or rolls back with the change)::

    from accounts.audit import audit_record, audit_values

    before = audit_values(registration, "status")
    ... change it ...
    audit_record(
        actor=actor,                      # a User; None for the portal itself; a str for someone without an
                                          # account ("Headteacher Pat Head <head@school.example>")
        action="registration.decided",    # "<entity>.<what happened>", past tense
        target=registration,              # the object changed: its type, id and label are kept
        hub=work_group.hub,               # the hub it belongs to (hub staff read their hub's entries);
                                          # default: ``target.hub_id`` when the target has one
        subject=registration.teacher,     # the person it is about (their data download, account closure)
        before=before,
        after=audit_values(registration, "status"),
        reason="",                        # where the person was asked for one
    )

This module imports no domain app (schools, hubs and workgroups all import it); objects are taken as they come.
"""

import datetime
import decimal
import uuid

from django.db import models

from accounts.models import AuditEntry


def _jsonable(value):
    """Values a JSON column keeps as they are shown: model instances by id, sets sorted, files by name."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v) for v in value), key=str)
    if isinstance(value, models.QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def audit_values(instance: models.Model, *fields: str) -> dict:
    """The named fields of ``instance`` as JSON-ready values (relations by id, many-to-many as a sorted id list)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        elif field.is_relation:
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = _jsonable(getattr(instance, name))
    return values


def audit_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ, from each side (for edits of many fields)."""
    changed = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def audit_record(
    *,
    actor,
    action: str,
    target=None,
    hub=None,
    subject=None,
    before=None,
    after=None,
    reason: str = "",
) -> AuditEntry:
    """Write one entry of the audit trail and return it. Call it inside the change's own transaction.

    ``actor`` is a user (an anonymous user counts as None), None for the portal itself, or a label for
    someone without an account. ``hub`` and ``subject`` may be objects or ids. Labels are cut to their
    columns, so a long title never makes a change fail.
    """
    entry = _entry(
        actor=actor,
        action=action,
        target=target,
        hub=hub,
        subject=subject,
        before=before,
        after=after,
        reason=reason,
    )
    entry.save()
    return entry


def audit_record_bulk(*, records) -> list[AuditEntry]:
    """Many entries in one insert: each of ``records`` is a dict of ``audit_record``'s arguments. For changes
    made in bulk (a register of 30), so the trail costs one query, not one per row."""
    return AuditEntry.objects.bulk_create([_entry(**record) for record in records])


def _entry(*, actor, action, target=None, hub=None, subject=None, before=None, after=None, reason="") -> AuditEntry:
    actor_label = ""
    if isinstance(actor, str):
        actor, actor_label = None, actor
    elif actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if hub is None and target is not None:
        hub = getattr(target, "hub_id", None)
    return AuditEntry(
        actor=actor,
        actor_label=actor_label[:200],
        action=action[:60],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        hub_id=hub.pk if isinstance(hub, models.Model) else hub,
        subject_id=subject.pk if isinstance(subject, models.Model) else subject,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason or "",
    )
