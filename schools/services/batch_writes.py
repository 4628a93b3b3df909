"""The GIAS import's portable write path (SQLite, or PostgreSQL with ``GIAS_IMPORT_FAST_PATH`` off): each batch of
checked rows written as it comes, with the local authorities and trusts it names; then the schools the file did not
name are closed."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from schools import gias
from schools.enums import EstablishmentStatus
from schools.models import LocalAuthority, Region, School, Trust
from schools.services.import_report import ImportResult

# The School fields an extract sets; a school whose values all match is "unchanged".
SCHOOL_FIELDS = (
    "name",
    "phase",
    "type_name",
    "status",
    "local_authority_id",
    "trust_id",
    "postcode",
    "number_of_pupils",
    "percentage_fsm",
    "ofsted_rating",
    "easting",
    "northing",
)


class Register:
    """Local authorities, trusts and regions by code, loaded once and upserted as the file names them."""

    def __init__(self):
        self.regions = {r.name: r.pk for r in Region.objects.all()}
        self.las = {la.code: la for la in LocalAuthority.objects.all()}
        self.trusts = {t.code: t for t in Trust.objects.all()}
        self.seen_las: set[str] = set()
        self.seen_trusts: set[str] = set()

    def _region_id(self, name: str) -> int | None:
        if not name:
            return None
        if name not in self.regions:
            region, _ = Region.objects.get_or_create(slug=slugify(name)[:100], defaults={"name": name})
            self.regions[name] = region.pk
        return self.regions[name]

    def upsert(self, rows: list[gias.SchoolRow]) -> None:
        """Create the local authorities and trusts these rows name, and update their names (first row wins)."""
        new_las, changed_las, new_trusts, changed_trusts = {}, [], {}, []
        for row in rows:
            if row.la_code and row.la_code not in self.seen_las:
                self.seen_las.add(row.la_code)
                region_id = self._region_id(row.region_name)
                la = self.las.get(row.la_code)
                if la is None:
                    new_las[row.la_code] = LocalAuthority(code=row.la_code, name=row.la_name, region_id=region_id)
                elif la.name != row.la_name or (region_id and la.region_id != region_id):
                    la.name, la.region_id = row.la_name, region_id or la.region_id
                    changed_las.append(la)
            if row.trust_code and row.trust_code not in self.seen_trusts:
                self.seen_trusts.add(row.trust_code)
                trust = self.trusts.get(row.trust_code)
                if trust is None:
                    new_trusts[row.trust_code] = Trust(code=row.trust_code, name=row.trust_name)
                elif trust.name != row.trust_name:
                    trust.name = row.trust_name
                    changed_trusts.append(trust)
        for la in LocalAuthority.objects.bulk_create(new_las.values()):
            self.las[la.code] = la
        for trust in Trust.objects.bulk_create(new_trusts.values()):
            self.trusts[trust.code] = trust
        if changed_las:
            LocalAuthority.objects.bulk_update(changed_las, ["name", "region"])
        if changed_trusts:
            Trust.objects.bulk_update(changed_trusts, ["name"])

    def values(self, row: gias.SchoolRow) -> tuple:
        """The row's values in ``SCHOOL_FIELDS`` order."""
        la = self.las.get(row.la_code)
        trust = self.trusts.get(row.trust_code)
        return (
            row.name,
            row.phase,
            row.type_name,
            row.status,
            la.pk if la else None,
            trust.pk if trust else None,
            row.postcode,
            row.number_of_pupils,
            row.percentage_fsm,
            row.ofsted_rating,
            row.easting,
            row.northing,
        )


@transaction.atomic
def write_batch(rows: list[gias.SchoolRow], register: Register, result: ImportResult) -> None:
    register.upsert(rows)
    existing = {
        values[1]: values
        for values in School.objects.filter(urn__in=[row.urn for row in rows]).values_list("pk", "urn", *SCHOOL_FIELDS)
    }
    now = timezone.now()
    to_create, to_update = [], []
    for row in rows:
        values = register.values(row)
        current = existing.get(row.urn)
        if current is None:
            to_create.append(School(urn=row.urn, **dict(zip(SCHOOL_FIELDS, values, strict=True))))
            result.created += 1
        elif current[2:] == values:
            result.unchanged += 1
        else:
            to_update.append(School(pk=current[0], updated_at=now, **dict(zip(SCHOOL_FIELDS, values, strict=True))))
            old_status = current[2 + SCHOOL_FIELDS.index("status")]
            if row.status == EstablishmentStatus.CLOSED and old_status != EstablishmentStatus.CLOSED:
                result.closed += 1
            else:
                result.updated += 1
    if to_create:
        _insert_schools(to_create, now=now)
    if to_update:
        _update_schools(to_update)


def _insert_schools(schools: list[School], *, now) -> None:
    for school in schools:
        school.updated_at = now
    School.objects.bulk_create(schools)


def _update_schools(schools: list[School]) -> None:
    School.objects.bulk_update(schools, [*SCHOOL_FIELDS, "updated_at"], batch_size=500)


@transaction.atomic
def close_unnamed_schools(seen_urns: set[int]) -> int:
    """Mark closed every school not closed yet whose URN the file did not name. Never deletes."""
    missing = [
        pk
        for pk, urn in School.objects.exclude(status=EstablishmentStatus.CLOSED).values_list("pk", "urn").iterator()
        if urn not in seen_urns
    ]
    now = timezone.now()
    for start in range(0, len(missing), 900):
        School.objects.filter(pk__in=missing[start : start + 900]).update(
            status=EstablishmentStatus.CLOSED, updated_at=now
        )
    return len(missing)
