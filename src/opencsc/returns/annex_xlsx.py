"""A minimal, fast xlsx writer for the Annex A lists: one sheet per list, a bold heading
row, then text, whole numbers and real Excel dates shown dd/mm/yyyy.

Why not openpyxl: its write-only mode costs about 50 microseconds a cell (a cell object,
type checks and an lxml element each), some ten seconds for an authority of 80,000
children. The sheets here hold only three kinds of value, so the SpreadsheetML (ECMA-376
part 1) is written as text straight into the zip, about a microsecond a cell. openpyxl
reads the result (the tests, and liiatools' checker, do), as do Excel and LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["write_xlsx", "DATE_FORMAT"]

#: How every date cell is shown (the value is a real Excel date: days since 1899-12-30).
DATE_FORMAT = "dd/mm/yyyy"
_EPOCH = dt.date(1899, 12, 30)
# Characters XML 1.0 does not allow: dropped from text, which never needs them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Style 0 plain, 1 a date, 2 a heading (bold, wrapped).
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: str) -> str:
    value = escape(_ILLEGAL.sub("", value))
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<is><t{space}>{value}</t></is>'


def _sheet_xml(
    headings: Sequence[str],
    kinds: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float],
) -> str:
    letters = [_column_letter(i) for i in range(1, len(headings) + 1)]
    body = [
        '<row r="1">',
        *(
            f'<c r="{letter}1" s="2" t="inlineStr">{_text(h)}</c>'
            for letter, h in zip(letters, headings, strict=True)
        ),
        "</row>",
    ]
    append = body.append
    r = 1
    for r, row in enumerate(rows, start=2):
        append(f'<row r="{r}">')
        for letter, kind, value in zip(letters, kinds, row, strict=True):
            if value is None or value == "":
                continue
            if kind == "date":
                if isinstance(value, dt.datetime):
                    value = value.date()
                append(f'<c r="{letter}{r}" s="1"><v>{(value - _EPOCH).days}</v></c>')
            elif kind == "int":
                append(f'<c r="{letter}{r}"><v>{int(value)}</v></c>')
            else:
                append(f'<c r="{letter}{r}" t="inlineStr">{_text(str(value))}</c>')
        append("</row>")
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    head = (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<dimension ref="A1:{letters[-1] if letters else "A"}{r}"/>'
        # The heading row stays in view while scrolling.
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
        "<sheetData>"
    )
    return head + "".join(body) + "</sheetData></worksheet>"


def write_xlsx(
    sheets: Iterable[tuple[str, Sequence[str], Sequence[str], Iterable[Sequence[Any]]]],
) -> bytes:
    """The workbook: for each sheet its name, headings, column kinds ("text", "int" or
    "date"; a date value is a ``datetime.date``) and rows. Blank cells are ``None``."""
    sheets = list(sheets)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        book.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        names = "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, *_rest) in enumerate(sheets, start=1)
        )
        book.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{names}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        styles_id = len(sheets) + 1
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}<Relationship Id="rId{styles_id}" '
            f'Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        )
        book.writestr("xl/styles.xml", _STYLES)
        for i, (_name, headings, kinds, rows) in enumerate(sheets, start=1):
            widths = [
                max(12 if kind != "text" else 18, min(40, len(heading) // 2))
                for heading, kind in zip(headings, kinds, strict=True)
            ]
            book.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(headings, kinds, rows, widths))
    return out.getvalue()
