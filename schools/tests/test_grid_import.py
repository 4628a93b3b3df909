"""Grid references from the GIAS extract: good values kept, blank and malformed ones reported, never a reject."""

import csv

import pytest
from django.core.management import call_command

from schools.models import School
from schools.services import schools_import_gias
from schools.tests.extracts import HEADER, school_row, write_extract

pytestmark = pytest.mark.django_db

GRID_HEADER = [*HEADER, "Easting", "Northing"]


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _import(tmp_path, rows, **kwargs):
    path = write_extract(tmp_path, rows, header=GRID_HEADER)
    return schools_import_gias(path=path, **kwargs)


def test_grid_import_keeps_good_eastings_and_northings(tmp_path):
    result = _import(
        tmp_path,
        [
            school_row(URN="100001", Easting="545120", Northing="262410"),
            school_row(URN="100002", Easting="519300.0", Northing="298950"),
        ],
    )

    assert (result.created, result.rejected, result.noted) == (2, 0, 0)
    assert dict(School.objects.values_list("urn", "easting")) == {100001: 545120, 100002: 519300}
    assert School.objects.get(urn=100001).northing == 262410


def test_grid_import_imports_a_school_with_a_blank_or_malformed_grid_reference_and_reports_it(tmp_path):
    result = _import(
        tmp_path,
        [
            school_row(URN="100001", Easting="", Northing=""),
            school_row(URN="100002", Easting="54x120", Northing="262410"),
            school_row(URN="100003", Easting="545120", Northing=""),
            school_row(URN="100004", Easting="-5", Northing="9999999"),
            school_row(URN="100005", Easting="", Northing="", **{"EstablishmentStatus (name)": "Closed"}),
            school_row(URN="100006", Easting="545120", Northing="262410"),
        ],
    )

    assert (result.created, result.rejected, result.noted) == (6, 0, 4)
    assert set(School.objects.filter(easting__isnull=True).values_list("urn", flat=True)) == {
        100001,
        100002,
        100003,
        100004,
        100005,
    }
    assert School.objects.get(urn=100003).northing is None  # half a grid reference is none
    reasons = {note.urn: note.reason for note in result.notes}
    assert reasons == {
        "100001": "no grid reference (Easting and Northing blank): imported without distances",
        "100002": "malformed Easting “54x120” (expected metres on the National Grid): imported without a grid "
        "reference",
        "100003": "missing Northing: imported without a grid reference",
        "100004": "Easting “-5” is outside Great Britain's grid (1 to 700,000 metres); Northing “9999999” is "
        "outside Great Britain's grid (1 to 1,300,000 metres): imported without a grid reference",
    }
    with open(result.reject_report, encoding="utf-8-sig", newline="") as handle:
        report = list(csv.reader(handle))
    assert report[0] == ["line", "URN", "EstablishmentName", "reason"]
    assert [row[1] for row in report[1:]] == ["100001", "100002", "100003", "100004"]
    assert "4 imported without a grid reference" in result.summary()


def test_grid_import_of_the_same_file_again_leaves_grid_references_unchanged(tmp_path):
    rows = [school_row(URN="100001", Easting="545120", Northing="262410")]
    _import(tmp_path, rows)

    again = _import(tmp_path, rows)
    moved = _import(tmp_path, [school_row(URN="100001", Easting="545200", Northing="262410")])

    assert (again.unchanged, again.updated) == (1, 0)
    assert moved.updated == 1
    assert School.objects.get(urn=100001).easting == 545200


def test_grid_import_fast_and_portable_paths_write_the_same_grid_references(tmp_path, settings):
    settings.GIAS_IMPORT_FAST_PATH = False
    _import(tmp_path, [school_row(URN="100001", Easting="545120", Northing="262410")])
    _import(tmp_path, [school_row(URN="100001", Easting="", Northing="")])
    assert School.objects.get(urn=100001).easting is None

    settings.GIAS_IMPORT_FAST_PATH = True
    _import(tmp_path, [school_row(URN="100001", Easting="545121", Northing="262411")])
    _import(tmp_path, [school_row(URN="100002", Easting="1", Northing="2")], close_missing=False)
    assert dict(School.objects.values_list("urn", "northing")) == {100001: 262411, 100002: 2}


def test_grid_import_without_the_columns_notes_nothing(tmp_path):
    path = write_extract(tmp_path, [school_row(URN="100001")])

    result = schools_import_gias(path=path)

    assert (result.created, result.noted) == (1, 0)
    assert result.reject_report is None


def test_grid_import_command_says_how_many_schools_have_no_grid_reference(tmp_path, capsys):
    path = write_extract(tmp_path, [school_row(URN="100001", Easting="x", Northing="1")], header=GRID_HEADER)

    call_command("import_gias", str(path), "--no-progress")

    out = capsys.readouterr().out
    assert "1 schools imported without a grid reference" in out
    assert "Reject report:" in out
