from django.core.management.base import BaseCommand, CommandError

from hubs.seeding import DEMO_SCALE, DEMO_SEED, seed_network


class Command(BaseCommand):
    help = (
        "Write a synthetic network shaped like the real one (hubs, schools, five years of Work Groups and their "
        "figures) for the demo and the benchmarks. Deterministic for a seed; a seeded database is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0: the real network's size (24,000 schools)")
        parser.add_argument("--seed", type=int, default=1, help="the random generator's seed")
        parser.add_argument(
            "--demo", action="store_true", help=f"the demo's small network (scale {DEMO_SCALE}, seed {DEMO_SEED})"
        )

    def handle(self, *args, scale, seed, demo, **options):
        if demo:
            scale, seed = DEMO_SCALE, DEMO_SEED
        try:
            result = seed_network(scale=scale, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
