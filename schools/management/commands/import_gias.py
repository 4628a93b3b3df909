from django.core.management.base import BaseCommand, CommandError

from schools.gias import GiasFileRefused
from schools.services import schools_import_gias


class Command(BaseCommand):
    help = (
        "Import a GIAS establishment extract (CSV, Windows-1252 or UTF-8): upsert schools by URN, "
        "mark those no longer open as closed, reject bad rows into a CSV report under var/."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the GIAS extract, e.g. edubasealldata20250101.csv")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="A partial extract (e.g. one local authority): do not close the schools it does not list.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, **options):
        bar = None
        progress = None
        if not options["no_progress"] and self.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=0, unit=" rows", desc="Importing", file=self.stderr._out)

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

        try:
            result = schools_import_gias(
                path=options["file"],
                progress=progress,
                close_missing=not options["partial"],
                actor="manage.py import_gias",
            )
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except GiasFileRefused as refused:
            raise CommandError(f"{refused} Nothing was imported.") from None
        finally:
            if bar is not None:
                bar.close()

        self.stdout.write(f"Read {result.rows} rows ({result.encoding}).")
        style = self.style.SUCCESS if not result.rejected else self.style.WARNING
        self.stdout.write(style(f"Import finished: {result.summary()}."))
        if result.created == result.updated == result.closed == 0:
            self.stdout.write("No changes: the register already matches this file.")
        if result.rejected:
            for reject in result.rejects[:20]:
                self.stdout.write(f"  line {reject.line}: URN {reject.urn or '-'} {reject.name} — {reject.reason}")
            if result.rejected > 20:
                self.stdout.write(f"  … and {result.rejected - 20} more.")
        if result.noted:
            self.stdout.write(f"{result.noted} schools imported without a grid reference (blank or malformed).")
        if result.rejected or result.noted:
            self.stdout.write(f"Reject report: {result.reject_report}")
