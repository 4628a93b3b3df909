from django.core.management.base import BaseCommand

from notifications.sweep import outbox_sweep


class Command(BaseCommand):
    help = "Add the e-mails that have come due to the outbox and queue delivery of what is owed (what beat runs)."

    def handle(self, *args, **options):
        report = outbox_sweep()
        self.stdout.write(f"{report.inserted} new, {report.dispatched} queued in {report.tasks} delivery tasks.")
