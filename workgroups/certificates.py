"""The completion certificate of a Work Group participant, as a PDF (fpdf2)."""

from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

# A Unicode font when the system has one (names with accents, dashes); else the PDF core font.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _pdf() -> tuple[FPDF, str]:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    if (DEJAVU / "DejaVuSans.ttf").exists() and (DEJAVU / "DejaVuSans-Bold.ttf").exists():
        pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
        return pdf, "DejaVu"
    return pdf, "Helvetica"


def _text(value: str, family: str) -> str:
    if family == "Helvetica":
        return value.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")
    return value


def certificate_pdf(*, registration, sessions) -> bytes:
    """A one-page certificate naming the participant, Work Group, project, hub, the day they completed, and the
    sessions they attended (``selectors.certificate_sessions``: held and attended only)."""
    work_group = registration.work_group
    pdf, family = _pdf()
    pdf.set_title(_text(f"Certificate of completion — {work_group.code}", family))
    pdf.set_author("Maths Hubs Portal")
    pdf.add_page()
    pdf.set_font(family, "B", 28)
    pdf.cell(0, 20, _text("Certificate of completion", family), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 14)
    pdf.cell(0, 10, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 22)
    pdf.cell(0, 14, _text(registration.teacher.full_name, family), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 13)
    pdf.cell(0, 9, _text(f"of {registration.school.name}", family), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(
        0,
        8,
        _text(
            f"completed the Work Group {work_group.code} {work_group.title}, "
            f"part of the national project {work_group.project.code} {work_group.project.title}, "
            f"run by the {work_group.hub.name} Maths Hub in {work_group.academic_year}.",
            family,
        ),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 8, f"Sessions attended ({len(sessions)})", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        place = session.venue or ("online" if session.online_link else "")
        line = f"Session {session.number}: {start:%-d %B %Y}" + (f", {place}" if place else "")
        pdf.cell(0, 7, _text(line, family), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(family, "", 10)
    issued = timezone.localdate()
    completed = (
        f"Completed {timezone.localtime(registration.completed_at):%-d %B %Y}; " if registration.completed_at else ""
    )
    pdf.cell(
        0,
        7,
        _text(f"{completed}issued {issued:%-d %B %Y} by the Maths Hubs Portal.", family),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
