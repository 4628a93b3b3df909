"""The network at a glance, for NCETM staff's home page: this year's headline figures and the hubs whose
engagement fell in the last full academic year, read from the kept figures as the reports are (and kept between
reads as they are, ``reports.kept``)."""

from dataclasses import dataclass

from hubs.models import Hub
from reports.forms import default_academic_year
from reports.headlines import Headline, headlines
from reports.kept import kept
from reports.selectors import ReportFilters, disadvantaged_threshold, engagement
from reports.tables import NETWORK, Report, report_tables
from workgroups.models import AcademicYear

FALLING_SHOWN = 10


@dataclass(frozen=True)
class FallingHub:
    hub: Hub
    before: float
    after: float

    @property
    def fall(self) -> float:
        return round(self.before - self.after, 1)


@dataclass(frozen=True)
class NetworkOverview:
    year: AcademicYear | None
    headlines: list[Headline]
    compared: tuple[AcademicYear, AcademicYear] | None  # (the year before, the last full year)
    falling: list[FallingHub]
    falling_count: int


def hubs_with_falling_engagement(*, year: AcademicYear, previous: AcademicYear) -> list[FallingHub]:
    """Hubs whose share of participating schools was lower in ``year`` than in ``previous``, biggest fall first."""
    threshold = disadvantaged_threshold()
    before = {
        r["key"]: r["participating_rate"] for r in engagement(ReportFilters(previous), by="hub", threshold=threshold)
    }
    after = {r["key"]: r["participating_rate"] for r in engagement(ReportFilters(year), by="hub", threshold=threshold)}
    falls = {
        pk: (before[pk], after.get(pk) or 0.0) for pk in before if before[pk] and (after.get(pk) or 0.0) < before[pk]
    }
    hubs = Hub.objects.in_bulk(list(falls))
    found = [FallingHub(hubs[pk], *falls[pk]) for pk in falls if pk in hubs]
    return sorted(found, key=lambda f: (-f.fall, f.hub.name))


def network_overview() -> NetworkOverview:
    """This year's headline figures (as the network report shows them) and the hubs whose engagement fell from the
    year before last to the last full year (a year under way is not compared: it has not had its summer yet)."""
    year = default_academic_year()
    if year is None:
        return NetworkOverview(None, [], None, [], 0)
    tables, _ = report_tables(Report(ReportFilters(year), scope=NETWORK))
    full_years = list(AcademicYear.objects.filter(start_year__lt=year.start_year).order_by("-start_year")[:2])
    compared, falling = None, []
    if len(full_years) == 2:
        last, before = full_years
        compared = (before, last)
        falling = kept(
            f"falling:{last.pk}:{before.pk}", lambda: hubs_with_falling_engagement(year=last, previous=before)
        )
    return NetworkOverview(year, headlines(tables), compared, falling[:FALLING_SHOWN], len(falling))
