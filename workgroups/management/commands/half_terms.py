"""Enter half-term dates: the network's defaults or one hub's own.

python manage.py half_terms --year 2025 --defaults
python manage.py half_terms --year 2025 --hub matrix 1:2025-09-03:2025-10-24 2:2025-11-03:2025-12-19
python manage.py half_terms --year 2025 --list [--hub matrix]
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hubs.models import Hub
from workgroups import services
from workgroups.models import AcademicYear
from workgroups.selectors import half_terms_for


class Command(BaseCommand):
    help = "Set or list half-term dates for the network (default) or one hub."

    def add_arguments(self, parser):
        parser.add_argument(
            "entries", nargs="*", help="NUMBER:START:END, dates as YYYY-MM-DD (1 = Autumn 1 … 6 = Summer 2)"
        )
        parser.add_argument(
            "--year",
            type=int,
            default=AcademicYear.start_year_for(timezone.localdate()),
            help="The year the academic year starts (2025 for 2025/26). Default: the current one.",
        )
        parser.add_argument("--hub", help="A hub's slug; without it the network's default dates are set.")
        parser.add_argument(
            "--defaults", action="store_true", help="Fill the network's missing half-terms with a typical pattern."
        )
        parser.add_argument("--list", action="store_true", help="Show the dates that apply.")

    def handle(self, *args, entries, year, hub, defaults, list, **options):
        hub_obj = None
        if hub:
            hub_obj = Hub.objects.filter(slug=hub).first()
            if hub_obj is None:
                raise CommandError(f"No hub has the slug {hub!r}.")
        if defaults:
            created = services.half_terms_seed_network_defaults(start_year=year)
            self.stdout.write(f"Network defaults for {year}: {created} half-term(s) added.")
        for entry in entries:
            try:
                number, start, end = entry.split(":")
                services.half_term_set(
                    start_year=year,
                    number=int(number),
                    starts_on=datetime.date.fromisoformat(start),
                    ends_on=datetime.date.fromisoformat(end),
                    hub=hub_obj,
                )
            except ValueError as error:
                raise CommandError(f"{entry!r}: write NUMBER:YYYY-MM-DD:YYYY-MM-DD ({error}).") from None
            except ValidationError as error:
                raise CommandError(f"{entry!r}: {' '.join(error.messages)}") from None
            self.stdout.write(f"Set half-term {entry} for {hub_obj or 'the network'}.")
        if list or not (entries or defaults):
            for half_term in sorted(half_terms_for(hub=hub_obj, start_years=[year]), key=lambda h: h.number):
                source = half_term.hub.name if half_term.hub_id else "network"
                self.stdout.write(
                    f"{half_term.get_number_display():9} {half_term.starts_on:%d/%m/%Y} – {half_term.ends_on:%d/%m/%Y} ({source})"
                )
