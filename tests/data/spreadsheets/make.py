#!/usr/bin/env python3
"""Writes the test workbooks of tests/data/spreadsheets/ (data/: .xlsx and .ods readers).

Only Python's zipfile and hand-written XML, so it runs without Excel or LibreOffice. The
workbooks follow the conventions those programs write (shared strings, styles with number
formats, named ranges, tables, merged cells, cached formula results); the hostile ones are
broken on purpose. The output is deterministic (fixed timestamps), so re-running it changes
no checked-in file.

  python3 make.py                  # rewrite every test workbook beside this script
  python3 make.py --big N OUT.xlsx # a benchmark workbook with N data rows (not checked in)
  python3 make.py --big-ods N OUT.ods
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write_zip(path, parts, level=6):
    """parts: list of (name, bytes|str); stored in order with a fixed timestamp."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                z.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data, compresslevel=level)


# ---------------------------------------------------------------- .xlsx building blocks

def col_letters(col):
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


class Strings:
    """The shared string table, in first-use order."""

    def __init__(self):
        self.items = []
        self.index = {}

    def add(self, text, xml=None):
        key = xml or text
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(xml or "<t>%s</t>" % escape(text))
        return self.index[key]

    def part(self):
        body = "".join("<si>%s</si>" % x for x in self.items)
        return (XML_DECL + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
                % (MAIN, len(self.items), len(self.items), body))


def cell(ref, v=None, t=None, s=None, f=None, inline=None, raw=None):
    attrs = ' r="%s"' % ref
    if t:
        attrs += ' t="%s"' % t
    if s is not None:
        attrs += ' s="%d"' % s
    inner = ""
    if raw is not None:
        inner = raw
    else:
        if f is not None:
            inner += "<f>%s</f>" % escape(f)
        if inline is not None:
            inner += "<is><t>%s</t></is>" % escape(inline)
        if v is not None:
            inner += "<v>%s</v>" % escape(str(v))
    return "<c%s>%s</c>" % (attrs, inner) if inner else "<c%s/>" % attrs


def sheet_xml(rows, merges=(), dimension=None, extra="", tables=0):
    """rows: {row_number: [cell xml, ...]}"""
    out = [XML_DECL, '<worksheet xmlns="%s" xmlns:r="%s">' % (MAIN, REL)]
    if dimension:
        out.append('<dimension ref="%s"/>' % dimension)
    out.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="4" width="12"/></cols>')
    out.append("<sheetData>")
    for r in sorted(rows):
        out.append('<row r="%d" spans="1:4">%s</row>' % (r, "".join(rows[r])))
    out.append("</sheetData>")
    if merges:
        out.append('<mergeCells count="%d">%s</mergeCells>'
                   % (len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
    out.append(extra)
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    if tables:
        out.append('<tableParts count="%d">%s</tableParts>'
                   % (tables, "".join('<tablePart r:id="rId%d"/>' % (i + 1) for i in range(tables))))
    out.append("</worksheet>")
    return "".join(out)


STYLES = XML_DECL + (
    '<styleSheet xmlns="%s">'
    '<numFmts count="4">'
    '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="#,##0\\ &quot;kr&quot;"/>'
    '<numFmt numFmtId="166" formatCode="[h]:mm:ss"/>'
    '<numFmt numFmtId="167" formatCode="[$-41D]d\\ mmmm\\ yyyy;@"/>'
    '</numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    # cellStyleXfs must not be mistaken for cellXfs: its numFmtId 14 would make style 0 a date.
    '<cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs>'
    '<dxfs count="1"><dxf><numFmt numFmtId="168" formatCode="yyyy"/></dxf></dxfs>'
    '</styleSheet>' % MAIN)

# Style indexes into cellXfs above.
S_DATE, S_ISO, S_KR, S_DATETIME, S_DURATION, S_TIME, S_SWEDISH = 1, 2, 3, 4, 5, 6, 7


def package(path, sheets, strings=None, names=(), date1904=False, styles=STYLES,
            tables=(), drop=(), workbook_prefix=""):
    """sheets: list of (name, xml or None for a chart sheet); tables: (sheet index, xml)."""
    parts = []
    overrides = ['<Override PartName="/xl/workbook.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    parts.append(("[Content_Types].xml", XML_DECL +
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>%s</Types>' % "".join(overrides)))
    parts.append(("_rels/.rels", XML_DECL +
                  '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
                  'Target="xl/workbook.xml"/></Relationships>' % (PKG_REL, REL)))
    p = workbook_prefix + ":" if workbook_prefix else ""
    ns = ('xmlns:%s="%s"' % (workbook_prefix, MAIN)) if workbook_prefix else 'xmlns="%s"' % MAIN
    wb = [XML_DECL, '<%sworkbook %s xmlns:r="%s">' % (p, ns, REL)]
    wb.append('<%sworkbookPr%s/>' % (p, ' date1904="1"' if date1904 else ""))
    wb.append("<%ssheets>" % p)
    rels = []
    for i, (name, _) in enumerate(sheets):
        wb.append('<%ssheet name="%s" sheetId="%d" r:id="rId%d"/>' % (p, escape(name, {'"': "&quot;"}), i + 1, i + 1))
    wb.append("</%ssheets>" % p)
    if names:
        wb.append("<%sdefinedNames>" % p)
        for n in names:
            local = ' localSheetId="%d"' % n[2] if len(n) > 2 and n[2] is not None else ""
            hidden = ' hidden="1"' if n[0].startswith("_xlnm.") else ""
            wb.append('<%sdefinedName name="%s"%s%s>%s</%sdefinedName>' % (p, n[0], local, hidden, escape(n[1]), p))
        wb.append("</%sdefinedNames>" % p)
    wb.append("</%sworkbook>" % p)
    parts.append(("xl/workbook.xml", "".join(wb)))
    for i, (name, xml) in enumerate(sheets):
        if xml is None:
            rels.append('<Relationship Id="rId%d" Type="%s/chartsheet" Target="chartsheets/sheet%d.xml"/>' % (i + 1, REL, i + 1))
        else:
            rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, REL, i + 1))
            parts.append(("xl/worksheets/sheet%d.xml" % (i + 1), xml))
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 1, REL))
    parts.append(("xl/styles.xml", styles))
    if strings is not None:
        rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (n + 2, REL))
        parts.append(("xl/sharedStrings.xml", strings.part() if isinstance(strings, Strings) else strings))
    parts.append(("xl/_rels/workbook.xml.rels", XML_DECL + '<Relationships xmlns="%s">%s</Relationships>'
                  % (PKG_REL, "".join(rels))))
    for k, (sheet_index, xml) in enumerate(tables):
        parts.append(("xl/worksheets/_rels/sheet%d.xml.rels" % (sheet_index + 1), XML_DECL +
                      '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/table" '
                      'Target="../tables/table%d.xml"/></Relationships>' % (PKG_REL, REL, k + 1)))
        parts.append(("xl/tables/table%d.xml" % (k + 1), xml))
    parts = [(name, data) for name, data in parts if name not in drop]
    write_zip(path, parts)


def table_xml(name, ref, columns, totals=0):
    cols = "".join('<tableColumn id="%d" name="%s"/>' % (i + 1, c) for i, c in enumerate(columns))
    tot = ' totalsRowCount="%d"' % totals if totals else ""
    return (XML_DECL + '<table xmlns="%s" id="1" name="%s" displayName="%s" ref="%s"%s>'
            '<autoFilter ref="%s"/><tableColumns count="%d">%s</tableColumns>'
            '<tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>'
            % (MAIN, name, name, ref, tot, ref, len(columns), cols))


# ---------------------------------------------------------------- the Excel-convention workbook

# The figures both excel.xlsx (sheet Drift) and budget.ods (sheet Blad1) hold.
DRIFT = [("Skola", -57235, -56000.5, 1234.5),
         ("Vård", 0.0015, 0.1, 0.0985),
         ("Kultur", 100, None, -100),
         ("Fritid", 0, 12, 12)]


def excel_workbook(path):
    ss = Strings()
    s = lambda text: ss.add(text)

    # Drift: a title merged over A1:D1, the table at A3:D7, formulas with cached values,
    # and a styled but empty row 8 that must not count as data.
    drift = {1: [cell("A1", s("Driftredovisning 2021"), "s")],
             3: [cell("A3", s("Verksamhet"), "s"), cell("B3", s("Budget"), "s"),
                 cell("C3", s("Utfall"), "s"), cell("D3", s("Avvikelse"), "s")]}
    for i, (name, budget, actual, diff) in enumerate(DRIFT):
        r = 4 + i
        first = (cell("A%d" % r, t="inlineStr", inline=name) if name == "Kultur"
                 else cell("A%d" % r, s(name), "s"))
        drift[r] = [first, cell("B%d" % r, repr(budget)),
                    cell("C%d" % r, repr(actual)) if actual is not None else cell("C%d" % r, s=S_KR),
                    cell("D%d" % r, repr(diff), f="C%d-B%d" % (r, r))]
    drift[8] = [cell("A8", s=S_KR), cell("B8", s=S_KR)]
    drift_xml = sheet_xml(drift, merges=["A1:D1"], dimension="A1:D8")

    # Typer: one cell of each kind, typed as Excel stores it.
    rich = ss.add("", '<r><rPr><b/></rPr><t>Fet</t></r><r><t xml:space="preserve"> och kursiv</t></r>'
                 '<rPh sb="0" eb="1"><t>フリガナ</t></rPh>')
    typer = [("tal", cell("B2", "1234.5678901234567")),
             ("datum", cell("B3", "44439", s=S_DATE)),
             ("datum_egen", cell("B4", "44439", s=S_ISO)),
             ("datumtid", cell("B5", "44439.572916666664", s=S_DATETIME)),
             ("tid", cell("B6", "0.57291666666666663", s=S_TIME)),
             ("varaktighet", cell("B7", "1.5", s=S_DURATION)),
             ("sant", cell("B8", "1", "b")),
             ("falskt", cell("B9", "0", "b")),
             ("inline", cell("B10", t="inlineStr", inline="Inline & text")),
             ("rik", cell("B11", rich, "s")),
             ("formeltext", cell("B12", "Ja", "str", f='IF(1>0,"Ja","Nej")')),
             ("tom", cell("B13", s=S_KR)),
             ("kr", cell("B14", "1234", s=S_KR)),
             ("svenskt_datum", cell("B15", "44439", s=S_SWEDISH)),
             ("escape", cell("B16", s("Tab_x0009_bar_x005F_x0041_"), "s")),
             ("exponent", cell("B17", "1.2345E+21")),
             ("negativ", cell("B18", "-1.23E-4")),
             ("datum_med_tid", cell("B19", "44439.5", s=S_ISO)),
             ("formeltal", cell("B20", "42", f="SUM(B2:B3)")),
             ("iso", cell("B21", "2021-08-31T00:00:00", "d"))]
    typer_rows = {1: [cell("A1", s("Typ"), "s"), cell("B1", s("Värde"), "s")]}
    for i, (name, c) in enumerate(typer):
        typer_rows[2 + i] = [cell("A%d" % (2 + i), s(name), "s"), c]
    typer_xml = sheet_xml(typer_rows)

    # Fel: a readable A1:B2 above a #DIV/0! in B3 and a formula with no cached value in B4.
    fel_xml = sheet_xml({1: [cell("A1", s("Konto"), "s"), cell("B1", s("Belopp"), "s")],
                         2: [cell("A2", s("a"), "s"), cell("B2", "1")],
                         3: [cell("A3", s("b"), "s"), cell("B3", "#DIV/0!", "e", f="1/0")],
                         4: [cell("A4", s("c"), "s"), cell("B4", f="B2*2")],
                         14: [cell("A14", s("d"), "s"), cell("B14", raw="<v>n/a</v>")]})

    # Sammanslagen: a two-row header with merged cells, vertical (A1:A2, D1:D2) and
    # horizontal (B1:C1).
    merged_xml = sheet_xml({1: [cell("A1", s("Konto"), "s"), cell("B1", s("Budget"), "s"),
                                cell("D1", s("Utfall"), "s")],
                            2: [cell("B2", "2021"), cell("C2", "2022")],
                            3: [cell("A3", s("3010"), "s"), cell("B3", "10"), cell("C3", "11"), cell("D3", "9")],
                            4: [cell("A4", s("3020"), "s"), cell("B4", "20"), cell("C4", "21"), cell("D4", "19")]},
                           merges=["A1:A2", "B1:C1", "D1:D2"])

    # Tabeller: an Excel table (Insert > Table) at B2:D6 whose last row is a totals row.
    tab_rows = {1: [cell("A1", s("Investeringar 2021"), "s")],
                2: [cell("B2", s("Projekt"), "s"), cell("C2", s("Budget"), "s"), cell("D2", s("Utfall"), "s")],
                3: [cell("B3", s("Skolgården"), "s"), cell("C3", "500"), cell("D3", "480")],
                4: [cell("B4", s("Simhallen"), "s"), cell("C4", "1200"), cell("D4", "1350")],
                5: [cell("B5", s("Gatubelysning"), "s"), cell("C5", "300"), cell("D5", "0")],
                6: [cell("B6", s("Summa"), "s"), cell("C6", "2000", f="SUBTOTAL(109,C3:C5)"),
                    cell("D6", "1830", f="SUBTOTAL(109,D3:D5)")]}
    tab_xml = sheet_xml(tab_rows, tables=1)

    # Kanter: the 1900 date system around Lotus's fictional 1900-02-29 (serial 60).
    edge_xml = sheet_xml({1: [cell("A1", s("datum"), "s")],
                          2: [cell("A2", "1", s=S_DATE)], 3: [cell("A3", "59", s=S_DATE)],
                          4: [cell("A4", "61", s=S_DATE)], 5: [cell("A5", "60", s=S_DATE)]})

    # Dubbletter: a header that names a column twice, and one with an empty header cell.
    dup_xml = sheet_xml({1: [cell("A1", s("Konto"), "s"), cell("B1", s("Belopp"), "s"),
                             cell("C1", s("Konto"), "s")],
                         2: [cell("A2", "1"), cell("B2", "2"), cell("C2", "3"), cell("E2", "5")]})

    package(path,
            [("Drift", drift_xml), ("Typer", typer_xml), ("Fel", fel_xml),
             ("Sammanslagen", merged_xml), ("Tabeller", tab_xml), ("Kanter", edge_xml),
             ("Dubbletter", dup_xml), ("Diagram", None)],
            strings=ss,
            names=[("Driftbudget", "Drift!$A$3:$D$7"),
                   ("Lokalt", "Typer!$A$1:$B$3", 1),
                   ("Lokalt", "Drift!$A$3:$B$4"),
                   ("Spridd", "Drift!$A$3:$A$7,Drift!$C$3:$C$7"),
                   ("Kolumner", "'Sammanslagen'!$B:$C"),
                   ("_xlnm._FilterDatabase", "Tabeller!$B$2:$D$6", 4)],
            tables=[(4, table_xml("Investeringar", "B2:D6", ["Projekt", "Budget", "Utfall"], totals=1))])


def date1904_workbook(path):
    # The 1904 date system (old Mac Excel), no shared strings, and a prefixed namespace
    # (x:worksheet) as some writers produce. 42977 in 1904 is 44439 in 1900: 2021-08-31.
    rows = ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Datum</x:t></x:is></x:c>'
            '<x:c r="B1" t="inlineStr"><x:is><x:t>Tid</x:t></x:is></x:c></x:row>'
            '<x:row r="2"><x:c r="A2" s="1"><x:v>42977</x:v></x:c>'
            '<x:c r="B2" s="4"><x:v>42977.572916666664</x:v></x:c></x:row>'
            '<x:row r="3"><x:c r="A3" s="1"><x:v>0</x:v></x:c><x:c r="B3"><x:v>7</x:v></x:c></x:row>')
    sheet = (XML_DECL + '<x:worksheet xmlns:x="%s"><x:sheetData>%s</x:sheetData></x:worksheet>'
             % (MAIN, rows))
    package(path, [("Blad1", sheet)], date1904=True, workbook_prefix="x")


# ---------------------------------------------------------------- hostile .xlsx files

def hostile(folder, excel):
    plain_rows = {1: [cell("A1", t="inlineStr", inline="Konto"), cell("B1", t="inlineStr", inline="Belopp")],
                  2: [cell("A2", "3010"), cell("B2", "-57235")],
                  3: [cell("A3", "3020"), cell("B3", "15.2")]}
    plain = sheet_xml(plain_rows)

    # A zip bomb: 40 MB of blanks inside <sheetData> pack to about 40 KB (ratio ~1000).
    head = sheet_xml(plain_rows).split("</sheetData>")[0]
    bomb = head + " " * (40 << 20) + "</sheetData></worksheet>"
    package(os.path.join(folder, "bomb.xlsx"), [("Blad1", bomb)])

    # The same bomb with a zip directory that lies about the unpacked size (1000 bytes).
    path = os.path.join(folder, "bomb-lying.xlsx")
    package(path, [("Blad1", bomb)])
    lie_about_size(path, "xl/worksheets/sheet1.xml", 1000)

    package(os.path.join(folder, "missing-workbook.xlsx"), [("Blad1", plain)], drop={"xl/workbook.xml"})

    ss = Strings()
    bad = sheet_xml({1: [cell("A1", ss.add("Konto"), "s")], 2: [cell("A2", "99999999", "s")]})
    package(os.path.join(folder, "bad-shared-string.xlsx"), [("Blad1", bad)], strings=ss)

    package(os.path.join(folder, "huge-dimension.xlsx"), [("Blad1", sheet_xml(plain_rows, dimension="A1:XFD1048576"))])

    far = sheet_xml({1: [cell("A1", t="inlineStr", inline="Konto")], 1048576: [cell("XFD1048576", "1")]})
    package(os.path.join(folder, "far-cells.xlsx"), [("Blad1", far)])

    with open(os.path.join(folder, "csv-renamed.xlsx"), "wb") as f:
        f.write("Konto;Belopp\n3010;-57 235\n3020;15,2\n".encode("utf-8"))

    # The first sector of an OLE2 compound file, as an old .xls (or an encrypted .xlsx) has.
    with open(os.path.join(folder, "old-binary.xlsx"), "wb") as f:
        f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))

    with open(excel, "rb") as f:
        whole = f.read()
    with open(os.path.join(folder, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])

    broken = plain.replace("</row>", "</rad>", 1)
    package(os.path.join(folder, "malformed.xlsx"), [("Blad1", broken)])

    laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<sst xmlns="%s"><si><t>&b;</t></si></sst>' % MAIN)
    package(os.path.join(folder, "doctype.xlsx"), [("Blad1", bad)], strings=laughs)


def lie_about_size(path, member, size):
    """Rewrites the uncompressed size of one member in its local header and the directory."""
    data = bytearray(open(path, "rb").read())
    name = member.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while True:
            at = data.find(sig, start)
            if at < 0:
                break
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + offset:at + offset + 4] = size.to_bytes(4, "little")
            start = at + 4
    open(path, "wb").write(bytes(data))


# ---------------------------------------------------------------- .ods building blocks

ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')


def tc(kind=None, value=None, text=None, formula=None, rep=None, span=None, raw_text=None, extra=""):
    attrs = ""
    if formula:
        attrs += ' table:formula="%s"' % escape(formula, {'"': "&quot;"})
    if kind in ("float", "percentage", "currency"):
        attrs += ' office:value-type="%s" office:value="%s" calcext:value-type="%s"' % (kind, value, kind)
    elif kind == "date":
        attrs += ' office:value-type="date" office:date-value="%s" calcext:value-type="date"' % value
    elif kind == "time":
        attrs += ' office:value-type="time" office:time-value="%s" calcext:value-type="time"' % value
    elif kind == "boolean":
        attrs += ' office:value-type="boolean" office:boolean-value="%s" calcext:value-type="boolean"' % value
    elif kind == "string":
        attrs += ' office:value-type="string" calcext:value-type="string"'
    elif kind == "error":
        attrs += ' office:value-type="float" office:value="0" calcext:value-type="error"'
    if rep:
        attrs += ' table:number-columns-repeated="%d"' % rep
    if span:
        attrs += ' table:number-columns-spanned="%d" table:number-rows-spanned="%d"' % span
    attrs += extra
    body = raw_text if raw_text is not None else ("<text:p>%s</text:p>" % escape(text) if text is not None else "")
    return "<table:table-cell%s>%s</table:table-cell>" % (attrs, body) if body else "<table:table-cell%s/>" % attrs


def covered(rep=None):
    return '<table:covered-table-cell%s/>' % (' table:number-columns-repeated="%d"' % rep if rep else "")


def tr(*cells, rep=None):
    attrs = ' table:number-rows-repeated="%d"' % rep if rep else ""
    return '<table:table-row%s>%s</table:table-row>' % (attrs, "".join(cells))


def ods_package(path, tables, names="", mimetype="application/vnd.oasis.opendocument.spreadsheet",
                drop=()):
    body = "".join('<table:table table:name="%s" table:style-name="ta1">'
                   '<table:table-column table:number-columns-repeated="4"/>%s</table:table>'
                   % (escape(name, {'"': "&quot;"}), "".join(rows)) for name, rows in tables)
    content = (XML_DECL.replace(' standalone="yes"', "") +
               '<office:document-content %s office:version="1.3"><office:scripts/>'
               '<office:automatic-styles/><office:body><office:spreadsheet>'
               '<table:calculation-settings table:automatic-find-labels="false"/>%s%s'
               '</office:spreadsheet></office:body></office:document-content>' % (ODS_NS, body, names))
    manifest = (XML_DECL.replace(' standalone="yes"', "") +
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="%s"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>' % mimetype)
    parts = [("mimetype", mimetype), ("content.xml", content), ("META-INF/manifest.xml", manifest)]
    write_zip(path, [(n, d) for n, d in parts if n not in drop])


def num(v):
    return tc("float", repr(v), text=str(v))


def ods_workbook(path):
    # Blad1 holds the same figures as excel.xlsx's Drift, with a title merged over A1:D1
    # (spans and covered cells), repeated empty rows and columns as LibreOffice writes them.
    blad1 = [tr(tc("string", text="Driftredovisning 2021", span=(4, 1)), covered(3)),
             tr(tc(rep=4)),
             tr(tc("string", text="Verksamhet"), tc("string", text="Budget"),
                tc("string", text="Utfall"), tc("string", text="Avvikelse"))]
    for name, budget, actual, diff in DRIFT:
        blad1.append(tr(tc("string", text=name), num(budget),
                        num(actual) if actual is not None else tc(),
                        tc("float", repr(diff), text=str(diff), formula="of:=[.C4]-[.B4]")))
    blad1.append(tr(tc(rep=1024), rep=1048000))  # LibreOffice's "rest of the sheet"

    typer = [tr(tc("string", text="Typ"), tc("string", text="Värde"), tc("string", text="Kopia")),
             tr(tc("string", text="tal"), tc("float", "1234.5678901234567", text="1 234,57")),
             tr(tc("string", text="procent"), tc("percentage", "0.097", text="9,7 %")),
             tr(tc("string", text="valuta"), tc("currency", "-57235", text="-57 235 kr",
                                              extra=' office:currency="SEK"')),
             tr(tc("string", text="datum"), tc("date", "2021-08-31", text="2021-08-31")),
             tr(tc("string", text="datumtid"), tc("date", "2021-08-31T13:45:00", text="2021-08-31 13:45")),
             tr(tc("string", text="tid"), tc("time", "PT13H45M00S", text="13:45")),
             tr(tc("string", text="sant"), tc("boolean", "true", text="SANT")),
             tr(tc("string", text="falskt"), tc("boolean", "false", text="FALSKT")),
             tr(tc("string", text="stycken"), tc("string", raw_text="<text:p>Rad ett</text:p><text:p>Rad "
                                                  "<text:span>två</text:span><text:s text:c=\"3\"/>slut</text:p>"
                                                  "<office:annotation><text:p>en kommentar</text:p></office:annotation>")),
             tr(tc("string", text="formeltext"), tc(formula='of:=IF(1>0;"Ja";"Nej")', raw_text="<text:p>Ja</text:p>",
                                                   extra=' office:value-type="string" office:string-value="Ja"')),
             tr(tc("string", text="tom"), tc()),
             tr(tc("string", text="formeltal"), tc("float", "42", text="42", formula="of:=SUM([.B2:.B3])")),
             tr(tc("string", text="upprepad"), tc("float", "7", text="7", rep=2)),
             tr(tc(rep=3), rep=5),
             tr(tc("string", text="efter_luckan"), num(1))]

    fel = [tr(tc("string", text="Konto"), tc("string", text="Belopp")),
           tr(tc("string", text="a"), num(1)),
           tr(tc("string", text="b"), tc("error", formula="of:=1/0", text="#DIV/0!")),
           tr(tc("string", text="c"), tc(formula="of:=[.B2]*2"))]

    merged = [tr(tc("string", text="Konto", span=(1, 2)), tc("string", text="Budget", span=(2, 1)), covered(),
                 tc("string", text="Utfall", span=(1, 2))),
              tr(covered(), num(2021), num(2022), covered()),
              tr(tc("string", text="3010"), num(10), num(11), num(9)),
              tr(tc("string", text="3020"), num(20), num(21), num(19))]

    names = ('<table:named-expressions>'
             '<table:named-range table:name="Driftbudget" table:base-cell-address="$Blad1.$A$1" '
             'table:cell-range-address="$Blad1.$A$3:.$D$7"/>'
             '<table:named-range table:name="Sammanslaget" table:base-cell-address="$Blad1.$A$1" '
             "table:cell-range-address=\"$'Samman slagen'.$A$2:.$D$4\"/>"
             '</table:named-expressions>'
             '<table:database-ranges><table:database-range table:name="Typtabell" '
             'table:target-range-address="Typer.A1:Typer.B4"/></table:database-ranges>')
    ods_package(path, [("Blad1", blad1), ("Typer", typer), ("Fel", fel), ("Samman slagen", merged)], names)


def ods_hostile(folder):
    # A data row repeated a million times: more cells than the reader will hold.
    rows = [tr(tc("string", text="Konto"), tc("string", text="Belopp")),
            tr(num(3010), num(1), tc(rep=8), rep=1048000)]
    ods_package(os.path.join(folder, "repeat-data.ods"), [("Blad1", rows)])
    # A text document with the spreadsheet's extension.
    ods_package(os.path.join(folder, "text-document.ods"), [("Blad1", rows[:1])],
                mimetype="application/vnd.oasis.opendocument.text")
    ods_package(os.path.join(folder, "missing-content.ods"), [("Blad1", rows[:1])], drop={"content.xml"})


# ---------------------------------------------------------------- benchmark workbooks

def big_xlsx(path, n):
    """n data rows of 8 columns: shared and inline strings, integers, decimals, dates,
    formulas with cached values, booleans (about 70 bytes of XML per cell)."""
    ss = Strings()
    accounts = [ss.add("Konto %d" % (3000 + 10 * k)) for k in range(50)]
    head = ["Konto", "Nummer", "Belopp", "Datum", "Summa", "Klar", "Text", "Andel"]
    out = [XML_DECL, '<worksheet xmlns="%s"><dimension ref="A1:H%d"/><sheetData>' % (MAIN, n + 1)]
    out.append('<row r="1">%s</row>' % "".join(
        '<c r="%s1" t="s"><v>%d</v></c>' % (col_letters(i), ss.add(h)) for i, h in enumerate(head)))
    for r in range(2, n + 2):
        k = r - 2
        out.append(
            '<row r="%d" spans="1:8"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%d</v></c>'
            '<c r="C%d"><v>%s</v></c><c r="D%d" s="1"><v>%d</v></c>'
            '<c r="E%d"><f>B%d+C%d</f><v>%s</v></c><c r="F%d" t="b"><v>%d</v></c>'
            '<c r="G%d" t="s"><v>%d</v></c><c r="H%d"><v>%s</v></c></row>'
            % (r, r, accounts[k % 50], r, k, r, repr(k * 1.25 - 5000.5), r, 40000 + k % 3000,
               r, r, r, repr(k + k * 1.25 - 5000.5), r, k % 2, r, ss.add("Rad %d" % k),
               r, repr((k % 1000) / 1000)))
    out.append("</sheetData></worksheet>")
    package(path, [("Data", "".join(out))], strings=ss)


def big_ods(path, n):
    rows = [tr(*[tc("string", text=h) for h in ["Konto", "Nummer", "Belopp", "Datum", "Summa", "Klar", "Text", "Andel"]])]
    for k in range(n):
        rows.append(tr(tc("string", text="Konto %d" % (3000 + 10 * (k % 50))), num(k), num(k * 1.25 - 5000.5),
                       tc("date", "2021-08-%02d" % (1 + k % 28), text="x"),
                       tc("float", repr(k + k * 1.25 - 5000.5), text="x", formula="of:=[.B2]+[.C2]"),
                       tc("boolean", "true" if k % 2 else "false", text="x"),
                       tc("string", text="Rad %d" % k), num((k % 1000) / 1000)))
    ods_package(path, [("Data", rows)])


def main(argv):
    if len(argv) == 4 and argv[1] == "--big":
        big_xlsx(argv[3], int(argv[2]))
        return
    if len(argv) == 4 and argv[1] == "--big-ods":
        big_ods(argv[3], int(argv[2]))
        return
    if len(argv) != 1:
        sys.exit(__doc__)
    excel_workbook(os.path.join(HERE, "excel.xlsx"))
    date1904_workbook(os.path.join(HERE, "date1904.xlsx"))
    ods_workbook(os.path.join(HERE, "budget.ods"))
    hostile_dir = os.path.join(HERE, "hostile")
    os.makedirs(hostile_dir, exist_ok=True)
    hostile(hostile_dir, os.path.join(HERE, "excel.xlsx"))  # truncated.xlsx is cut from it
    ods_hostile(hostile_dir)


if __name__ == "__main__":
    main(sys.argv)
