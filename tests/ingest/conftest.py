"""Fixtures that build small documents of every format at test time, so no binary
fixture is kept in the repository."""
from __future__ import annotations

from pathlib import Path

import pytest

ACTION_ROWS = [
    ("Ref", "What we will do", "Responsible officer", "By when"),
    ("1.1", "Install solar panels on the civic centre", "Head of Estates", "March 2026"),
    ("1.2", "Develop a borough-wide tree planting plan", "Parks Manager", "Ongoing"),
]


@pytest.fixture
def action_pdf(tmp_path: Path) -> Path:
    """A two-page PDF: a heading and a paragraph, then an action table drawn with grid
    lines (so pdfplumber detects it) on page 2."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    path = tmp_path / "plan.pdf"
    styles = getSampleStyleSheet()
    table = Table([list(r) for r in ACTION_ROWS])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build([
        Paragraph("Climate Action Plan", styles["Heading1"]),
        Paragraph("This plan sets out what the council will do.", styles["Normal"]),
        PageBreak(),
        Paragraph("Buildings", styles["Heading2"]),
        table,
    ])
    return path


@pytest.fixture
def action_docx(tmp_path: Path) -> Path:
    """A Word file: a Heading 1, a paragraph, a bulleted action, then an action table."""
    import docx

    document = docx.Document()
    document.add_heading("Climate Action Plan", level=1)
    document.add_paragraph("Our commitments for the year.")
    document.add_heading("Buildings", level=2)
    document.add_paragraph("Reduce energy use in council offices by 20%", style="List Bullet")
    table = document.add_table(rows=len(ACTION_ROWS), cols=len(ACTION_ROWS[0]))
    for r, values in enumerate(ACTION_ROWS):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("Closing words.")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return path


@pytest.fixture
def encrypted_pdf(tmp_path: Path) -> Path:
    """A PDF that needs a password to open."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    pdf = canvas.Canvas(str(path), encrypt=enc)
    pdf.drawString(72, 720, "Install solar panels on the civic centre")
    pdf.save()
    return path


@pytest.fixture
def image_only_pdf(tmp_path: Path) -> Path:
    """A PDF whose only page is a drawing with no text layer, like a scan."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 600, 300, 100, fill=1)
    pdf.showPage()
    pdf.save()
    return path
