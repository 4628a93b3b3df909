"""How the import reads an extract's records: lines that a quoted cell spans, blank rows, short and long rows.

Lines without a quote character are split without the csv module (``schools.gias.Records``); these tests hold it
to what the csv module reads, through the import itself, on both write paths.
"""

import csv
import io

import pytest

from schools.models import School
from schools.services import schools_import_gias
from schools.tests.extracts import HEADER, school_row

pytestmark = pytest.mark.django_db

# Two columns after the last one the import reads, so a row can hold something only there.
WIDE_HEADER = [*HEADER, "Extra1", "Extra2"]


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture(params=[True, False], ids=["staged", "batches"])
def fast_path(request, settings):
    settings.GIAS_IMPORT_FAST_PATH = request.param
    return request.param


def csv_line(row: dict) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([row.get(column, "") for column in WIDE_HEADER])
    return buffer.getvalue()


def write_lines(tmp_path, lines: list[str]):
    path = tmp_path / "extract.csv"
    path.write_bytes(("".join([",".join(WIDE_HEADER) + "\r\n", *lines])).encode("cp1252"))
    return path


def test_records_count_the_lines_a_quoted_line_break_spans(tmp_path, fast_path):
    lines = [
        csv_line(school_row(URN="100001")),
        csv_line(school_row(URN="100002", EstablishmentName="East\nWing\r\nSchool")),
        csv_line(school_row(URN="100003", **{"PhaseOfEducation (name)": "Kindergarten"})),
        csv_line(school_row(URN="100004", EstablishmentName='The "Old" School, Ely')),
        csv_line(school_row(URN="100005", NumberOfPupils="lots")),
    ]

    result = schools_import_gias(path=write_lines(tmp_path, lines))

    assert {reject.line: reject.reason for reject in result.rejects} == {
        6: "unknown phase “Kindergarten”",
        8: "malformed NumberOfPupils “lots” (expected a whole number)",
    }
    assert School.objects.get(urn=100002).name == "East\nWing\r\nSchool"
    assert School.objects.get(urn=100004).name == 'The "Old" School, Ely'
    assert (result.created, result.rows) == (3, 5)


def test_records_skip_blank_rows_but_reject_a_row_with_only_a_later_column(tmp_path, fast_path):
    lines = [
        csv_line(school_row(URN="100001")),
        "," * (len(WIDE_HEADER) - 1) + "\r\n",
        " , ,\t," + "," * (len(WIDE_HEADER) - 4) + "\r\n",
        "\r\n",
        "," * (len(WIDE_HEADER) - 1) + "only here\r\n",
        csv_line(school_row(URN="100006")),
    ]

    result = schools_import_gias(path=write_lines(tmp_path, lines))

    assert [(reject.line, reject.reason) for reject in result.rejects] == [(6, "missing URN")]
    assert (result.created, result.rows) == (2, 3)


def test_records_read_short_rows_as_blank_cells_and_ignore_cells_past_the_header(tmp_path, fast_path):
    full = csv_line(school_row(URN="100001")).rstrip("\r\n")
    cut_after_status = ",".join(full.split(",")[: HEADER.index("EstablishmentStatus (name)") + 1])
    lines = [
        full + ",extra,cells,past,the,header\r\n",
        cut_after_status.replace("100001", "100002", 1) + "\r\n",
    ]

    result = schools_import_gias(path=write_lines(tmp_path, lines))

    assert [(reject.line, reject.reason) for reject in result.rejects] == [(3, "missing PhaseOfEducation (name)")]
    school = School.objects.get(urn=100001)
    assert (school.name, school.postcode, school.number_of_pupils) == ("Histon Primary School", "CB24 9JB", 412)
