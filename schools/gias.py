"""Reading a GIAS establishment extract: encoding, columns, and one row's values.

The writes are in ``schools.services``; this module only turns bytes into checked rows, so the
command, the Celery task and the tests all read a file the same way.
"""

import codecs
import csv
import functools
import io
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from schools.enums import OPEN_STATUSES, EstablishmentStatus, Phase
from schools.grid import GRID_MAX_EASTING, GRID_MAX_NORTHING

# Columns the import cannot do without; a file missing any of them is not an extract it can read.
REQUIRED_COLUMNS = (
    "URN",
    "EstablishmentName",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "LA (code)",
    "LA (name)",
)
# Read when present, left blank when an extract was downloaded without them.
OPTIONAL_COLUMNS = (
    "TypeOfEstablishment (name)",
    "Trusts (code)",
    "Trusts (name)",
    "Postcode",
    "NumberOfPupils",
    "PercentageFSM",
    "OfstedRating (name)",
    "GOR (name)",
    "Easting",
    "Northing",
)
# The order of ``Columns.cells``.
READ_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)

PHASES = {
    "nursery": Phase.NURSERY,
    "primary": Phase.PRIMARY,
    "middle deemed primary": Phase.MIDDLE,
    "middle deemed secondary": Phase.MIDDLE,
    "middle": Phase.MIDDLE,
    "secondary": Phase.SECONDARY,
    "all-through": Phase.ALL_THROUGH,
    "all through": Phase.ALL_THROUGH,
    "16 plus": Phase.SIXTEEN_PLUS,
    "not applicable": Phase.NOT_APPLICABLE,
}

STATUSES = {label.lower(): value for value, label in EstablishmentStatus.choices}

# GIAS's "no region" placeholder is not a region.
NO_REGION = {"", "not applicable", "(not applicable)"}

CHUNK = 1 << 20
_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII digits only; URNs are six digits today


class GiasFileRefused(Exception):
    """The file is not a GIAS extract this import can read; nothing was imported."""


class RowRejected(Exception):
    """One row cannot be imported; the message is the reason shown in the reject report."""


@dataclass(frozen=True)
class FileCheck:
    encoding: str
    approx_rows: int


class SchoolRow(NamedTuple):
    """One checked row (a tuple: 50,000 frozen dataclasses took a tenth of the checks' time to build)."""

    line: int
    urn: int
    name: str
    phase: str
    type_name: str
    status: str
    la_code: str
    la_name: str
    region_name: str
    trust_code: str
    trust_name: str
    postcode: str
    number_of_pupils: int | None
    percentage_fsm: Decimal | None
    ofsted_rating: str
    easting: int | None = None
    northing: int | None = None
    # A problem that does not reject the school (its grid reference is left unknown), for the report.
    note: str = ""


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def check_file(path: Path) -> FileCheck:
    """Find the encoding (UTF-8 with or without BOM, else Windows-1252) and count the lines.

    The whole file is read before anything is written, in 1 MB chunks, so a file that turns out
    to be binary halfway through imports nothing. Raises ``GiasFileRefused``.
    """
    newlines = 0
    size = 0
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise GiasFileRefused(
                "This file is UTF-16 text (Excel's “Unicode text”): save the extract as CSV (UTF-8 or Windows-1252)."
            )
        if head.startswith(b"PK\x03\x04"):
            raise GiasFileRefused(
                "This is a spreadsheet workbook (.xlsx or similar), not a CSV: download the extract as CSV, "
                "or save it as CSV."
            )
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if b"\x00" in chunk:
                raise GiasFileRefused("This is not a GIAS extract: the file is binary, not CSV text.")
            newlines += chunk.count(b"\n")
    if size == 0:
        raise GiasFileRefused("The file is empty.")
    if _decodes(path, "utf-8"):
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    elif _decodes(path, "cp1252"):
        encoding = "cp1252"
    else:
        raise GiasFileRefused("This is not a GIAS extract: the file is neither UTF-8 nor Windows-1252 text.")
    return FileCheck(encoding=encoding, approx_rows=max(newlines, 1))


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return open(path, encoding=encoding, newline="")  # noqa: SIM115 - the caller closes it


class Records:
    """The records of an open extract (``open_text``) exactly as ``csv.reader`` reads them, ``line_num`` included.

    Once ``width`` is set, a line without a quote character is split at its first ``width`` commas and the rest of it
    left whole: the csv module's parse of all 140 columns was half of reading a record, and such a line's cells
    are its commas' spans (the file's lines end only at ``\r`` or ``\n``; a quoted cell may hold a comma or a line
    break, so a line with a quote goes to the csv module, with the lines after it that the record spans). A record
    whose first cell is blank is split whole, so that a blank row (commas only) is seen to be blank.
    """

    def __init__(self, handle: io.TextIOWrapper):
        self._lines = iter(handle)
        self._limit = csv.field_size_limit()  # the csv module refuses a longer cell; no line that long is split here
        self.line_num = 0
        self.width: int | None = None

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        line = next(self._lines)
        width = self.width
        if width is not None and '"' not in line and len(line) <= self._limit:
            self.line_num += 1
            line = line.rstrip("\r\n")
            record = line.split(",", width)
            return record if record[0].strip() or len(record) <= width else line.split(",")
        reader = csv.reader(itertools.chain((line,), self._lines))
        try:
            return next(reader)
        finally:
            self.line_num += reader.line_num


class Columns:
    """Where the columns the import reads are in this file's records, and which optional ones it has."""

    def __init__(self, found: dict[str, int]):
        self.found = found
        # An extract without both grid columns notes nothing about grid references.
        self.has_grid = "Easting" in found or "Northing" in found
        # A column the file lacks is read from the blank cell ``cells`` appends to every record (index -1).
        self._pick = operator.itemgetter(*(found.get(name, -1) for name in READ_COLUMNS))
        # The cells a record needs: the ones after the last column read are never looked at.
        self.width = max(found.values()) + 1

    def cells(self, record: list[str]) -> list[str]:
        """The record's cells in ``READ_COLUMNS`` order, stripped; "" for a column the file or the record lacks.

        Pads ``record`` (the reader's own list) in place. One C-level pick of the sixteen cells: a dict of them
        per record, or a call per cell, was a tenth of a large import's time.
        """
        short = self.width - len(record)
        if short > 0:
            record.extend([""] * short)
        record.append("")
        return list(map(str.strip, self._pick(record)))


def read_header(reader) -> Columns:
    """Find each column the import reads. Raises ``GiasFileRefused`` naming the required ones that are missing."""
    try:
        header = next(reader)
    except StopIteration:
        raise GiasFileRefused("The file is empty.") from None
    except csv.Error as error:
        raise GiasFileRefused(f"This is not a GIAS extract: the header is not CSV ({error}).") from None
    columns = {name.strip(): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise GiasFileRefused(
            "This is not a GIAS extract: missing required column"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join(f"“{name}”" for name in missing)
            + "."
        )
    return Columns({name: columns[name] for name in READ_COLUMNS if name in columns})


def is_urn(raw: str) -> bool:
    return bool(_DIGITS.fullmatch(raw))


def _whole_number(raw: str, label: str) -> int | None:
    if raw == "":
        return None
    if not _DIGITS.fullmatch(raw):
        raise RowRejected(f"malformed {label} “{raw}” (expected a whole number)")
    return int(raw)


@functools.lru_cache(maxsize=4096)
def _percentage(raw: str, label: str) -> Decimal | None:
    """Cached: an extract has a few hundred distinct figures (one decimal place) in 50,000 rows."""
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise RowRejected(f"malformed {label} “{raw}” (expected a percentage)") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise RowRejected(f"malformed {label} “{raw}” (expected a percentage between 0 and 100)")
    return value.quantize(Decimal("0.01"))


def _grid_value(raw: str, label: str, maximum: int) -> int:
    """Metres on the grid, or ValueError with the reason; GIAS writes whole metres, some tools add ".0"."""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"malformed {label} “{raw}” (expected metres on the National Grid)") from None
    if not value.is_finite() or value <= 0 or value > maximum:
        raise ValueError(f"{label} “{raw}” is outside Great Britain's grid (1 to {maximum:,} metres)")
    return int(value.to_integral_value())


def parse_grid(raw_easting: str, raw_northing: str, *, is_open: bool) -> tuple[int | None, int | None, str]:
    """(easting, northing, note) of one record's stripped cells. Never rejects: a school whose grid reference is
    blank or malformed is imported without one, and the note says why (blank is noted for open schools only, the
    ones whose distances anyone asks for)."""
    if raw_easting == "" and raw_northing == "":
        return (
            None,
            None,
            ("no grid reference (Easting and Northing blank): imported without distances" if is_open else ""),
        )
    problems = []
    values = []
    for raw, label, maximum in (
        (raw_easting, "Easting", GRID_MAX_EASTING),
        (raw_northing, "Northing", GRID_MAX_NORTHING),
    ):
        if raw == "":
            problems.append(f"missing {label}")
            continue
        try:
            values.append(_grid_value(raw, label, maximum))
        except ValueError as problem:
            problems.append(str(problem))
    if problems:
        return None, None, "; ".join(problems) + ": imported without a grid reference"
    return values[0], values[1], ""


def parse_row(values: list[str], line: int, columns: Columns) -> SchoolRow:
    """Check and convert one record's ``Columns.cells``. Raises ``RowRejected`` with the reason."""
    (
        raw_urn,
        name,
        raw_status,
        raw_phase,
        la_code,
        la_name,
        type_name,
        trust_code,
        trust_name,
        postcode,
        raw_pupils,
        raw_fsm,
        ofsted_rating,
        region_name,
        raw_easting,
        raw_northing,
    ) = values
    if raw_urn == "":
        raise RowRejected("missing URN")
    if not _DIGITS.fullmatch(raw_urn):
        raise RowRejected(f"non-numeric URN “{raw_urn}”")
    if not name:
        raise RowRejected("missing EstablishmentName")
    if len(name) > 255:
        raise RowRejected("EstablishmentName longer than 255 characters")
    phase = PHASES.get(raw_phase.lower())
    if phase is None:
        raise RowRejected(f"unknown phase “{raw_phase}”" if raw_phase else "missing PhaseOfEducation (name)")
    status = STATUSES.get(raw_status.lower())
    if status is None:
        raise RowRejected(f"unknown status “{raw_status}”" if raw_status else "missing EstablishmentStatus (name)")
    if len(la_code) > 10:
        raise RowRejected(f"malformed LA (code) “{la_code}”")
    if len(trust_code) > 20:
        raise RowRejected(f"malformed Trusts (code) “{trust_code}”")
    postcode = postcode.upper()
    if len(postcode) > 10:
        raise RowRejected(f"malformed Postcode “{postcode}”")
    if columns.has_grid:
        easting, northing, note = parse_grid(raw_easting, raw_northing, is_open=status in OPEN_STATUSES)
    else:
        easting, northing, note = None, None, ""
    return SchoolRow(
        line=line,
        urn=int(raw_urn),
        name=name,
        phase=phase,
        type_name=type_name[:150],
        status=status,
        la_code=la_code,
        la_name=la_name[:150] or la_code,
        region_name="" if region_name.lower() in NO_REGION else region_name[:100],
        trust_code=trust_code,
        trust_name=trust_name[:255] or trust_code,
        postcode=postcode,
        number_of_pupils=_whole_number(raw_pupils, "NumberOfPupils"),
        percentage_fsm=_percentage(raw_fsm, "PercentageFSM"),
        ofsted_rating=ofsted_rating[:60],
        easting=easting,
        northing=northing,
        note=note,
    )


def iter_records(reader) -> Iterator[tuple[int, list[str] | None]]:
    """(line number, record) for each data row after the header; the line is where the record ends.

    A record the CSV reader cannot parse comes as ``None``, to be rejected like any bad row.
    """
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, None
            continue
        # A blank record is skipped; its first cell (the URN, nearly always) settles most records at once.
        if (record and record[0].strip()) or "".join(record).strip():
            yield reader.line_num, record
