"""Files the portal hands out: spreadsheet cells made safe, and safe ``Content-Disposition`` file names.

Every CSV and XLSX the portal writes (report tables, registrations, the hub's school list, the GIAS reject
report, the audit trail, a person's own data) passes each cell through ``spreadsheet_cell``: one function, so a
new export cannot forget a case. A leaf module (it imports no app), so every app can use it without a cycle.
"""

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator

from django.utils.http import content_disposition_header

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"); the full-width
# forms too, which some spreadsheet programs fold to ASCII. Names come from users and from GIAS.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Characters an XLSX (XML) cell cannot hold: openpyxl refuses the whole file for one of them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_cell(value):
    """``value`` fit for a CSV or XLSX cell: text a spreadsheet would run as a formula is prefixed with ``'``
    (shown as text), characters XML cannot hold are dropped. Numbers, dates and None pass as they are."""
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    return [spreadsheet_cell(value) for value in values]


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer feeds a streaming response."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable) -> Iterator[str]:
    """Each row (an iterable of values) as one CSV line, every cell through ``spreadsheet_cell``."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(spreadsheet_row(row))


def safe_filename(name: str, *, default: str = "download") -> str:
    """A file name fit for a header and any file system: no control or direction-override characters, no path
    separators or quotes, at most 150 characters. Letters with accents are kept (sent as ``filename*``)."""
    cleaned = "".join(
        "-" if ch in '/\\"' else ch
        for ch in unicodedata.normalize("NFC", name)
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return cleaned[:150] or default


def attachment(response, filename: str):
    """Mark ``response`` as a download named ``filename`` (made safe), and return it."""
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=safe_filename(filename))
    return response
