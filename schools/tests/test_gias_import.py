import codecs
import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from hubs.models import SchoolHubOverride
from hubs.tests.factories import HubFactory
from schools.enums import EstablishmentStatus, Phase
from schools.gias import GiasFileRefused
from schools.models import LocalAuthority, Region, School, Trust
from schools.services import schools_import_gias
from schools.tests.extracts import HEADER, school_row, write_extract
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def realistic_rows():
    """Five schools with the quirks of real extracts."""
    return [
        school_row(URN="100001", EstablishmentName="Histon Primary School"),
        school_row(
            URN="100002",
            EstablishmentName="St Mary's Church of England School, Élancourt Road",
            **{"PhaseOfEducation (name)": "Secondary", "Trusts (code)": "2044", "Trusts (name)": "Anglian Learning"},
        ),
        school_row(
            URN="100003",
            EstablishmentName="Château Gardens Nursery",
            NumberOfPupils="",
            PercentageFSM="",
            Postcode="",
            **{"PhaseOfEducation (name)": "Nursery", "OfstedRating (name)": ""},
        ),
        school_row(
            URN="100004",
            EstablishmentName="Old Mill Middle School",
            **{"EstablishmentStatus (name)": "Closed", "PhaseOfEducation (name)": "Middle deemed secondary"},
        ),
        school_row(
            URN="100005",
            EstablishmentName="Ely College",
            **{
                "LA (code)": "874",
                "LA (name)": "Peterborough",
                "PhaseOfEducation (name)": "All-through",
                "EstablishmentStatus (name)": "Open, but proposed to close",
                "Trusts (code)": "2044",
                "Trusts (name)": "Anglian Learning",
            },
        ),
    ]


def test_import_cp1252_extract_creates_schools_with_accents_and_commas(tmp_path):
    path = write_extract(tmp_path, realistic_rows(), encoding="cp1252")

    result = schools_import_gias(path=path)

    assert (result.encoding, result.created, result.updated, result.rejected) == ("cp1252", 5, 0, 0)
    school = School.objects.get(urn=100002)
    assert school.name == "St Mary's Church of England School, Élancourt Road"
    assert school.phase == Phase.SECONDARY
    assert school.trust.name == "Anglian Learning"
    assert School.objects.get(urn=100003).name == "Château Gardens Nursery"
    nursery = School.objects.get(urn=100003)
    assert (nursery.number_of_pupils, nursery.percentage_fsm, nursery.postcode) == (None, None, "")
    histon = School.objects.get(urn=100001)
    assert (histon.number_of_pupils, histon.percentage_fsm, histon.ofsted_rating) == (412, Decimal("12.50"), "Good")
    assert School.objects.get(urn=100004).status == EstablishmentStatus.CLOSED
    assert School.objects.get(urn=100004).phase == Phase.MIDDLE
    assert School.objects.get(urn=100005).phase == Phase.ALL_THROUGH
    assert School.objects.get(urn=100005).status == EstablishmentStatus.OPEN_PROPOSED_TO_CLOSE
    assert set(LocalAuthority.objects.values_list("code", "name")) == {
        ("873", "Cambridgeshire"),
        ("874", "Peterborough"),
    }
    assert LocalAuthority.objects.get(code="873").region.name == "East of England"
    assert Trust.objects.get(code="2044").schools.count() == 2


def test_import_keeps_quotes_backslashes_tabs_and_line_breaks_in_names(tmp_path):
    """What the staging COPY must carry through unchanged: CSV's own quote, a backslash, a tab, a line break."""
    odd = 'The "Old" School\\Annexe\tEast\nWing'
    rows = [school_row(URN="100009", EstablishmentName=odd, **{"Trusts (code)": "9001", "Trusts (name)": 'A \\ B, "C"'})]

    result = schools_import_gias(path=write_extract(tmp_path, rows))

    assert (result.created, result.rejected) == (1, 0)
    school = School.objects.get(urn=100009)
    assert school.name == odd and school.postcode == "CB24 9JB"
    assert school.trust.name == 'A \\ B, "C"'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_import_utf8_with_or_without_bom_reads_accents(tmp_path, encoding):
    path = write_extract(tmp_path, realistic_rows(), encoding=encoding)
    assert path.read_bytes().startswith(codecs.BOM_UTF8) is (encoding == "utf-8-sig")

    result = schools_import_gias(path=path)

    assert result.encoding == encoding
    assert result.created == 5
    assert School.objects.filter(name="Château Gardens Nursery").exists()


@pytest.mark.parametrize("fast_path", [True, False], ids=["postgres-fast-path", "portable-bulk-writes"])
def test_import_creates_updates_and_blanks_alike_on_both_write_paths(tmp_path, settings, fast_path):
    settings.GIAS_IMPORT_FAST_PATH = fast_path
    schools_import_gias(path=write_extract(tmp_path, realistic_rows(), name="first.csv"))
    rows = realistic_rows()
    rows[0].update({"EstablishmentName": "Histon Renamed", "NumberOfPupils": "", "PercentageFSM": "7.25"})
    rows[1].update({"Trusts (code)": "", "Trusts (name)": ""})

    result = schools_import_gias(path=write_extract(tmp_path, rows, name="second.csv"))

    assert (result.created, result.updated, result.unchanged) == (0, 2, 3)
    histon = School.objects.get(urn=100001)
    assert (histon.name, histon.number_of_pupils, histon.percentage_fsm) == ("Histon Renamed", None, Decimal("7.25"))
    assert School.objects.get(urn=100002).trust is None
    assert School.objects.get(urn=100003).name == "Château Gardens Nursery"
    assert School.objects.count() == 5


@pytest.mark.parametrize(
    ("gias_phase", "phase"),
    [
        ("Nursery", Phase.NURSERY),
        ("Primary", Phase.PRIMARY),
        ("Middle deemed primary", Phase.MIDDLE),
        ("Middle deemed secondary", Phase.MIDDLE),
        ("Secondary", Phase.SECONDARY),
        ("All-through", Phase.ALL_THROUGH),
        ("16 plus", Phase.SIXTEEN_PLUS),
        ("Not applicable", Phase.NOT_APPLICABLE),
    ],
)
def test_import_maps_gias_phases(tmp_path, gias_phase, phase):
    schools_import_gias(path=write_extract(tmp_path, [school_row(**{"PhaseOfEducation (name)": gias_phase})]))

    assert School.objects.get().phase == phase


def test_import_second_run_reports_no_changes(tmp_path):
    path = write_extract(tmp_path, realistic_rows())
    schools_import_gias(path=path)
    before = dict(School.objects.values_list("urn", "updated_at"))

    result = schools_import_gias(path=path)

    assert (result.created, result.updated, result.closed, result.unchanged) == (0, 0, 0, 5)
    assert dict(School.objects.values_list("urn", "updated_at")) == before


def test_import_updates_changed_schools_and_closes_missing_ones_without_deleting(tmp_path):
    schools_import_gias(path=write_extract(tmp_path, realistic_rows(), name="first.csv"))
    rows = realistic_rows()
    rows[0]["EstablishmentName"] = "Histon and Impington Primary School"
    rows[0]["NumberOfPupils"] = "430"
    del rows[4]  # Ely College no longer in the extract
    rows.append(school_row(URN="100006", EstablishmentName="New Free School"))

    result = schools_import_gias(path=write_extract(tmp_path, rows, name="second.csv"))

    assert (result.created, result.updated, result.closed, result.unchanged) == (1, 1, 1, 3)
    assert School.objects.get(urn=100001).name == "Histon and Impington Primary School"
    assert School.objects.get(urn=100005).status == EstablishmentStatus.CLOSED
    assert School.objects.count() == 6


def test_import_counts_a_school_the_file_says_closed_as_closed(tmp_path):
    schools_import_gias(path=write_extract(tmp_path, realistic_rows(), name="first.csv"))
    rows = realistic_rows()
    rows[0]["EstablishmentStatus (name)"] = "Closed"

    result = schools_import_gias(path=write_extract(tmp_path, rows, name="second.csv"))

    assert (result.updated, result.closed, result.unchanged) == (0, 1, 4)
    assert School.objects.get(urn=100001).status == EstablishmentStatus.CLOSED


def test_import_rejects_bad_rows_with_line_and_reason_and_imports_the_rest(tmp_path):
    rows = [
        school_row(URN="100001"),
        school_row(URN="", EstablishmentName="No URN School"),
        school_row(URN="10A003", EstablishmentName="Letters School"),
        school_row(URN="100004", **{"PhaseOfEducation (name)": "Kindergarten"}),
        school_row(URN="100005", NumberOfPupils="about 300"),
        school_row(URN="100006", PercentageFSM="12,5"),
        school_row(URN="100001", EstablishmentName="Histon Duplicate"),
        school_row(URN="100008", EstablishmentName="Good School, Too"),
    ]
    path = write_extract(tmp_path, rows)

    result = schools_import_gias(path=path)

    assert (result.created, result.rejected) == (2, 6)
    reasons = {reject.line: reject.reason for reject in result.rejects}
    assert reasons == {
        3: "missing URN",
        4: "non-numeric URN “10A003”",
        5: "unknown phase “Kindergarten”",
        6: "malformed NumberOfPupils “about 300” (expected a whole number)",
        7: "malformed PercentageFSM “12,5” (expected a percentage)",
        8: "duplicate URN, already on line 2",
    }
    assert set(School.objects.values_list("urn", flat=True)) == {100001, 100008}
    assert School.objects.get(urn=100001).name == "Histon Primary School"
    with open(result.reject_report, encoding="utf-8-sig", newline="") as handle:
        report = list(csv.reader(handle))
    assert report[0] == ["line", "URN", "EstablishmentName", "reason"]
    assert report[1] == ["3", "", "No URN School", "missing URN"]
    assert len(report) == 7
    assert result.reject_report.parent == tmp_path / "gias-rejects"


def test_import_does_not_close_a_school_whose_row_was_rejected(tmp_path):
    school = SchoolFactory(urn=100005)

    schools_import_gias(path=write_extract(tmp_path, [school_row(URN="100005", NumberOfPupils="x")]))

    school.refresh_from_db()
    assert school.status == EstablishmentStatus.OPEN


def test_import_keeps_the_hub_override_and_the_school_across_reimports(tmp_path):
    schools_import_gias(path=write_extract(tmp_path, realistic_rows(), name="first.csv"))
    school = School.objects.get(urn=100001)
    hub = HubFactory()
    SchoolHubOverride.objects.create(school=school, hub=hub, reason="Closer to this hub")
    rows = realistic_rows()
    rows[0]["EstablishmentName"] = "Histon Renamed"

    schools_import_gias(path=write_extract(tmp_path, rows, name="second.csv"))

    school.refresh_from_db()
    assert school.name == "Histon Renamed"
    assert school.hub_override.hub == hub


def test_import_refuses_a_file_missing_required_columns_naming_them(tmp_path):
    header = [c for c in HEADER if c not in ("URN", "PhaseOfEducation (name)")]
    path = write_extract(tmp_path, realistic_rows(), header=header)

    with pytest.raises(GiasFileRefused, match="missing required columns “URN”, “PhaseOfEducation \\(name\\)”"):
        schools_import_gias(path=path)

    assert not School.objects.exists()


def test_import_refuses_binary_junk_importing_nothing(tmp_path):
    good = write_extract(tmp_path, realistic_rows()).read_bytes()
    path = tmp_path / "junk.csv"
    path.write_bytes(good + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(GiasFileRefused, match="binary"):
        schools_import_gias(path=path)

    assert not School.objects.exists()


def test_import_refuses_a_spreadsheet_saved_as_xlsx(tmp_path):
    path = tmp_path / "extract.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)))

    with pytest.raises(GiasFileRefused, match="spreadsheet workbook"):
        schools_import_gias(path=path)

    assert not School.objects.exists()


def test_import_refuses_utf16_text_saying_how_to_save_it(tmp_path):
    path = write_extract(tmp_path, realistic_rows(), encoding="utf-16")

    with pytest.raises(GiasFileRefused, match="UTF-16"):
        schools_import_gias(path=path)

    assert not School.objects.exists()


def test_import_gias_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_gias", str(tmp_path / "nowhere.csv"))


def test_import_in_small_batches_gives_the_same_result(tmp_path):
    rows = [school_row(URN=str(200000 + n), EstablishmentName=f"School {n}") for n in range(25)]
    progress = []

    result = schools_import_gias(
        path=write_extract(tmp_path, rows), batch_size=7, progress=lambda d, t: progress.append(d)
    )

    assert result.created == 25
    assert School.objects.count() == 25
    assert progress == [7, 14, 21, 25]


def test_import_sets_regions_once_per_name(tmp_path):
    rows = realistic_rows()
    schools_import_gias(path=write_extract(tmp_path, rows))

    assert list(Region.objects.values_list("name", flat=True)) == ["East of England"]


def test_import_gias_command_prints_summary_rejects_and_report_path(tmp_path, capsys):
    rows = [*realistic_rows(), school_row(URN="x1", EstablishmentName="Bad Row")]
    path = write_extract(tmp_path, rows)

    call_command("import_gias", str(path))
    first = capsys.readouterr().out
    call_command("import_gias", str(path))
    second = capsys.readouterr().out

    assert "5 created, 0 updated, 0 closed, 0 unchanged, 1 rejected" in first
    assert "line 7: URN x1 Bad Row — non-numeric URN “x1”" in first
    assert f"Reject report: {tmp_path / 'gias-rejects'}" in first
    assert "0 created, 0 updated, 0 closed, 5 unchanged, 1 rejected" in second
    assert "No changes" in second
    assert "Importing" not in first  # no progress bar when not on a terminal


def test_import_gias_command_refuses_a_wrong_file(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nAda,ada@example.com\n", encoding="utf-8")

    with pytest.raises(CommandError, match="missing required columns “URN”.*Nothing was imported"):
        call_command("import_gias", str(path))

    assert not School.objects.exists()


def test_import_update_can_blank_numbers_trust_and_authority(tmp_path):
    schools_import_gias(path=write_extract(tmp_path, realistic_rows(), name="first.csv"))
    rows = realistic_rows()
    for row in rows:
        row.update({"NumberOfPupils": "", "PercentageFSM": "", "Trusts (code)": "", "LA (code)": ""})

    result = schools_import_gias(path=write_extract(tmp_path, rows, name="second.csv"))

    assert (result.updated, result.unchanged) == (5, 0)
    assert set(School.objects.values_list("number_of_pupils", "percentage_fsm", "trust", "local_authority")) == {
        (None, None, None, None)
    }


def test_import_partial_extract_leaves_unlisted_schools_open(tmp_path, capsys):
    elsewhere = SchoolFactory(urn=300001)
    path = write_extract(tmp_path, realistic_rows()[:2])

    call_command("import_gias", str(path), "--partial")

    assert "2 created, 0 updated, 0 closed" in capsys.readouterr().out
    elsewhere.refresh_from_db()
    assert elsewhere.status == EstablishmentStatus.OPEN


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_import_gias_command_shows_a_progress_bar_on_a_terminal(tmp_path):
    rows = [school_row(URN=str(200000 + n), EstablishmentName=f"School {n}") for n in range(30)]
    terminal, out = _Terminal(), io.StringIO()

    call_command("import_gias", str(write_extract(tmp_path, rows)), stdout=out, stderr=terminal)

    assert "Importing: 100%" in terminal.getvalue()
    assert "30/30" in terminal.getvalue()
    assert "30 created" in out.getvalue()


def test_import_refuses_a_header_only_file_and_closes_nothing(tmp_path):
    school = SchoolFactory()

    with pytest.raises(GiasFileRefused, match="no establishments"):
        schools_import_gias(path=write_extract(tmp_path, []))

    school.refresh_from_db()
    assert school.status == EstablishmentStatus.OPEN


def test_import_of_only_bad_urns_closes_nothing(tmp_path):
    school = SchoolFactory()

    result = schools_import_gias(path=write_extract(tmp_path, [school_row(URN="x"), school_row(URN="")]))

    assert (result.rejected, result.closed) == (2, 0)
    school.refresh_from_db()
    assert school.status == EstablishmentStatus.OPEN
