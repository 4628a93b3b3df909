"""Build GIAS-shaped extracts for tests: the real column names, a few ignored columns, any encoding."""

import csv
import io
from pathlib import Path

HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (name)",
    "NumberOfPupils",
    "PercentageFSM",
    "Trusts (code)",
    "Trusts (name)",
    "Postcode",
    "OfstedRating (name)",
    "GOR (name)",
]


def school_row(**overrides) -> dict:
    row = {
        "URN": "100001",
        "LA (code)": "873",
        "LA (name)": "Cambridgeshire",
        "EstablishmentNumber": "2001",
        "EstablishmentName": "Histon Primary School",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentStatus (name)": "Open",
        "OpenDate": "01-09-1975",
        "CloseDate": "",
        "PhaseOfEducation (name)": "Primary",
        "NumberOfPupils": "412",
        "PercentageFSM": "12.5",
        "Trusts (code)": "",
        "Trusts (name)": "",
        "Postcode": "CB24 9JB",
        "OfstedRating (name)": "Good",
        "GOR (name)": "East of England",
    }
    row.update(overrides)
    return row


def extract_bytes(rows: list[dict], *, encoding: str = "cp1252", header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode(encoding)


def write_extract(directory: Path, rows: list[dict], *, name="extract.csv", **kwargs) -> Path:
    path = directory / name
    path.write_bytes(extract_bytes(rows, **kwargs))
    return path
