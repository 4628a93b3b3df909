"""Writes to the hubs network: loading the real hubs, and NCETM staff's edits of a hub's area."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from accounts.audit import audit_changes, audit_record, audit_values
from accounts.models import AuditEntry
from hubs.models import Hub, HubArea, HubMembership, SchoolHubOverride
from hubs.services.counts import open_school_counts_refresh
from schools.models import LocalAuthority, Region, School

HUBS_CSV = Path(__file__).resolve().parent.parent / "data" / "maths_hubs.csv"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def hubs_load_network(*, path: Path = HUBS_CSV) -> LoadResult:
    """Create or update England's Maths Hubs from ``hubs/data/maths_hubs.csv`` (name, region), by slug.

    Idempotent. A blank region in the file (the public source did not say) leaves the hub's
    region as it is; areas, lead schools and contacts are never touched.
    """
    result = LoadResult()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name, region_name = row["name"].strip(), row["region"].strip()
            if not name:
                continue
            region = None
            if region_name:
                region, _ = Region.objects.get_or_create(slug=slugify(region_name), defaults={"name": region_name})
            hub = Hub.objects.filter(slug=slugify(name)).first()
            if hub is None:
                Hub.objects.create(name=name, slug=slugify(name), region=region)
                result.created += 1
            elif hub.name != name or (region and hub.region_id != region.pk):
                hub.name = name
                hub.region = region or hub.region
                hub.save(update_fields=["name", "region"])
                result.updated += 1
            else:
                result.unchanged += 1
    return result


class HubAreaConflict(Exception):
    """A local authority is already in another hub's area."""


@transaction.atomic
def hub_update(
    *,
    hub: Hub,
    local_authorities: list[LocalAuthority] | None,
    lead_schools: list[School],
    details: dict | None = None,
    moved_schools: list[School] | None = None,
    actor=None,
    reason: str = "",
) -> Hub:
    """Set a hub's area (its local authorities), its lead schools and its contact details, as NCETM staff edit them.
    ``local_authorities=None`` leaves the area as it is (a hub lead's edit of its contact and lead schools).

    Each local authority is served by one hub: one already in another hub's area raises
    ``HubAreaConflict`` naming it, and nothing is changed. Per-school overrides are kept.
    ``details`` holds plain Hub fields (contact e-mail, phone, website, active since).
    ``moved_schools``, when given, are the schools this hub serves by explicit override: overrides
    to this hub not listed are removed, listed schools overridden to another hub move here.
    The change is recorded in the audit trail ("hub.updated": area, lead schools, moved schools, details), and the
    reports' open-school counts are recounted in the same transaction when the area or the moved schools are given.
    """
    before = _hub_audit_values(hub, details)
    if local_authorities is not None:
        _hub_area_set(hub, {la.pk for la in local_authorities})
    hub.lead_schools.set(lead_schools)
    if moved_schools is not None:
        keep = {school.pk for school in moved_schools}
        SchoolHubOverride.objects.filter(hub=hub).exclude(school_id__in=keep).delete()
        for school_id in keep:
            SchoolHubOverride.objects.update_or_create(school_id=school_id, defaults={"hub": hub})
    if local_authorities is not None or moved_schools is not None:
        open_school_counts_refresh()  # who serves whom may have changed: the reports' counts follow
    if details:
        for name, value in details.items():
            setattr(hub, name, value)
        hub.save(update_fields=list(details))
    changed_before, changed_after = audit_changes(before, _hub_audit_values(hub, details))
    if changed_after or reason:
        audit_record(
            actor=actor,
            action="hub.updated",
            target=hub,
            hub=hub,
            before=changed_before,
            after=changed_after,
            reason=reason,
        )
    return hub


def _hub_area_set(hub: Hub, wanted: set[int]) -> None:
    taken = (
        HubArea.objects.select_for_update()
        .filter(local_authority_id__in=wanted)
        .exclude(hub=hub)
        .select_related("local_authority", "hub")
    )
    conflicts = [f"{area.local_authority.name} ({area.hub.name})" for area in taken]
    if conflicts:
        raise HubAreaConflict("Already in another hub's area: " + "; ".join(conflicts) + ".")
    HubArea.objects.filter(hub=hub).exclude(local_authority_id__in=wanted).delete()
    current = set(HubArea.objects.filter(hub=hub).values_list("local_authority_id", flat=True))
    HubArea.objects.bulk_create([HubArea(hub=hub, local_authority_id=pk) for pk in wanted - current])


def _hub_audit_values(hub: Hub, details: dict | None) -> dict:
    return {
        "local_authorities": sorted(HubArea.objects.filter(hub=hub).values_list("local_authority_id", flat=True)),
        "lead_schools": sorted(hub.lead_schools.values_list("urn", flat=True)),
        "moved_schools": sorted(SchoolHubOverride.objects.filter(hub=hub).values_list("school__urn", flat=True)),
        **audit_values(hub, *(details or {})),
    }


def hub_membership_record(*, membership: HubMembership, actor, granted: bool) -> AuditEntry:
    """Record a hub role given or taken away (the admin's inline edits them; invitations will call this too)."""
    return audit_record(
        actor=actor,
        action="hub.role_granted" if granted else "hub.role_revoked",
        target=membership,
        hub=membership.hub_id,
        subject=membership.user_id,
        after={"role": membership.role, "title": membership.title} if granted else None,
        before=None if granted else {"role": membership.role, "title": membership.title},
    )
