from django.core.management.base import BaseCommand

from hubs.services import HUBS_CSV, hubs_load_network


class Command(BaseCommand):
    help = "Create or update England's Maths Hubs (names and regions) from hubs/data/maths_hubs.csv. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(HUBS_CSV), help="CSV with columns name,region.")

    def handle(self, *args, **options):
        result = hubs_load_network(path=options["file"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Maths Hubs loaded: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
            )
        )
