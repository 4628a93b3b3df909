"""What an import reports: its counts, the rejected rows with their reasons, and the CSV report of them all."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from hubs_portal.downloads import spreadsheet_row

REJECTS_KEPT = 500  # rejects kept in memory for the page; the CSV report has them all


@dataclass(frozen=True)
class Reject:
    line: int
    urn: str
    name: str
    reason: str


@dataclass
class ImportResult:
    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    # Schools imported with a problem that does not reject them (a blank or malformed grid reference).
    noted: int = 0
    notes: list[Reject] = field(default_factory=list)
    reject_report: Path | None = None

    def summary(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated, {self.closed} closed, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )
        return text + (f", {self.noted} imported without a grid reference" if self.noted else "")


class RejectReport:
    """Rejects written to a CSV under var/ as they come, so a bad file does not fill memory."""

    def __init__(self, directory: Path, result: ImportResult):
        self.directory = directory
        self.result = result
        self._handle = None
        self._writer = None

    def add(self, reject: Reject) -> None:
        self.result.rejected += 1
        if len(self.result.rejects) < REJECTS_KEPT:
            self.result.rejects.append(reject)
        self._write(reject)

    def note(self, note: Reject) -> None:
        """A school imported despite a problem: in the same report, its reason saying what was left out."""
        self.result.noted += 1
        if len(self.result.notes) < REJECTS_KEPT:
            self.result.notes.append(note)
        self._write(note)

    def _write(self, reject: Reject) -> None:
        if self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
            self.result.reject_report = self.directory / f"gias-rejects-{stamp}.csv"
            # UTF-8 with BOM: spreadsheet programs then show accents correctly.
            self._handle = open(self.result.reject_report, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["line", "URN", "EstablishmentName", "reason"])
        self._writer.writerow(spreadsheet_row([reject.line, reject.urn, reject.name, reject.reason]))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
