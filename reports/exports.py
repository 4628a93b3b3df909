"""Downloads: a report table as CSV or XLSX, and a year's registrations streamed as CSV."""

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from hubs_portal.downloads import spreadsheet_row
from reports.selectors import ReportFilters, work_groups_in_scope
from reports.tables import Table
from workgroups.models import Registration


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(spreadsheet_row(table.headers))
    writer.writerows(spreadsheet_row(row) for row in table.values())
    return buffer.getvalue()


def table_xlsx(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31])
    sheet.append(spreadsheet_row(table.headers))
    for row in table.values():
        sheet.append(spreadsheet_row(row))
    sheet.append([])
    sheet.append(spreadsheet_row([f"Definition: {table.definition}"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REGISTRATION_COLUMNS = [
    ("academic_year", "work_group__academic_year__start_year", "Academic year (start)"),
    ("hub", "work_group__hub__name", "Hub"),
    ("work_group", "work_group__code", "Work Group"),
    ("project", "work_group__project__code", "National project"),
    ("phase", "work_group__phase", "Work Group phase"),
    ("urn", "school__urn", "School URN"),
    ("school", "school__name", "School"),
    ("registration", "pk", "Registration id"),
    ("teacher", "teacher_id", "Teacher id"),
    ("role", "role_in_school", "Role in school"),
    ("status", "status", "Status"),
    ("consent", "consent_status", "Headteacher consent"),
    ("created", "created_at", "Registered at"),
    ("decided", "decided_at", "Decided at"),
    ("completed", "completed_at", "Completed at"),
]
PERSONAL_COLUMNS = [
    ("teacher_name", "teacher__full_name", "Teacher name"),
    ("teacher_email", "teacher__email", "Teacher e-mail"),
]
CHUNK_SIZE = 2000


def registration_rows(filters: ReportFilters, *, with_people: bool) -> Iterator[list]:
    """The header, then one row per registration of the year in scope, read in chunks from a server-side cursor.

    ``values_list`` keeps each row a tuple (no model instances) and ``iterator(chunk_size=...)`` keeps only one
    chunk in memory, so memory stays flat however large the year. Names and e-mails only ``with_people``
    (a hub's own people for its members); national readers get ids.
    """
    columns = REGISTRATION_COLUMNS + (PERSONAL_COLUMNS if with_people else [])
    yield [label for _, _, label in columns]
    registrations = (
        Registration.objects.filter(work_group__in=work_groups_in_scope(filters))
        .order_by("pk")
        .values_list(*[path for _, path, _ in columns])
    )
    yield from registrations.iterator(chunk_size=CHUNK_SIZE)
