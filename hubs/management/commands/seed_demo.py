from django.core.management.base import BaseCommand
from django.db import transaction

from hubs import demo as hubs_demo
from hubs.services import hubs_load_network, open_school_counts_refresh
from mastery import demo as mastery_demo
from mastery import demo_open_lessons
from reports import demo as reports_demo
from workgroups import demo as workgroups_demo
from workgroups import reminder_demo
from workgroups.services import work_group_figures_rebuild


class Command(BaseCommand):
    help = "Create demo data (hubs, schools, one user of each role, Work Groups). Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            hubs_load_network()
            hubs = hubs_demo.seed_network()
            logins = hubs_demo.seed_people(hubs)
            workgroups_demo.seed(hubs)
            reports_demo.seed(hubs)
            logins += mastery_demo.seed(hubs)
            reminder_demo.seed(hubs)
            demo_open_lessons.seed(hubs)
            # The demo writes its rows directly (no e-mails, sessions in the past): the reports' figures and
            # open-school counts once, here (the counts first: the schools' years are folded with their threshold).
            open_school_counts_refresh()
            work_group_figures_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins (password: {hubs_demo.DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.role:<28} {login.email}")
