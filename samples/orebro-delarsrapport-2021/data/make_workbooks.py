#!/usr/bin/env python3
"""Writes the two workbooks of this sample as an economy office would deliver them:
ekonomi.xlsx (sheet "Enheter": a title, a blank row, then the table of T000-11 at A3:H9, also
named "Enheter") and kostnadsutveckling.ods (sheet "Kostnader", T000-12 from A1). The figures are
the ones transcribed from the seed; numbers are stored as numbers, as Excel and LibreOffice do.
Deterministic: re-running it changes no byte. Uses the workbook writer of the reader's tests.

  python3 samples/orebro-delarsrapport-2021/data/make_workbooks.py
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "make", os.path.join(HERE, "..", "..", "..", "tests", "data", "spreadsheets", "make.py"))
make = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make)

ENHETER_HEAD = ["verksamhet", "utfall_period", "budget_period", "budget_helar", "prognos",
                "utfall_period_2020", "avvikelse_period_2020", "bokslut_2020"]
ENHETER = [  # mnkr, costs negative (T000-11)
    ("Övergripande & nämnd", -4.8, -1.7, -2.7, -8.9, -13.3, -5.8, -18.5),
    ("Förebyggande & familjecentraler", -16.9, -17.4, -27.3, -26.5, -16.2, 1.1, -25.2),
    ("Myndighet", -69.3, -72.6, -112.5, -107.0, -64.8, 4.0, -102.3),
    ("Eget utförande", -103.1, -105.5, -165.0, -160.9, -88.3, 6.9, -141.8),
    ("Ensamkommande", 0.5, -0.4, 0.0, 1.2, -1.3, -2.2, -1.4),
    ("Externa vård- och behandlingskostnader", -200.1, -183.2, -274.8, -295.3, -190.4, -11.3, -285.6),
]
KOSTNADER_HEAD = ["post", "typ", "bokslut_2020", "ack_2020", "budget_2021", "ack_2021", "prognos_2021"]
KOSTNADER = [  # mnkr, revenues positive and costs negative (T000-12)
    ('Avgifter', 'intakt', 2.1, 1.4, 1.4, 1.4, 1.9),
    ('Bidrag', 'intakt', 50.6, 30.2, 27.5, 20.8, 30.5),
    ('Försäljning av verksamhet', 'intakt', 2.7, 1.3, 2.0, 1.0, 1.9),
    ('Övriga intäkter', 'intakt', 1.9, 1.2, 1.2, 1.5, 1.5),
    ('Personalkostnader', 'kostnad', -302.3, -195.6, -308.6, -197.4, -296.9),
    ('Lokalkostnader', 'kostnad', -32.9, -21.4, -30.0, -21.2, -32.3),
    ('Köp av verksamhet', 'kostnad', -266.4, -169.5, -243.3, -180.6, -273.0),
    ('Köp från bemanningsföretag', 'kostnad', 0.0, 0.0, 0.0, 0.0, 0.0),
    ('Kapitalkostnader', 'kostnad', -0.8, -0.6, -0.7, -0.5, -0.7),
    ('Övriga kostnader', 'kostnad', -29.7, -21.3, -31.7, -18.6, -30.3),
]


def write_xlsx():
    ss = make.Strings()
    rows = {1: [make.cell("A1", ss.add("Enheternas resultat och prognos, mnkr"), "s")],
            3: [make.cell("%s3" % make.col_letters(c), ss.add(h), "s") for c, h in enumerate(ENHETER_HEAD)]}
    for i, values in enumerate(ENHETER):
        r = 4 + i
        rows[r] = [make.cell("A%d" % r, ss.add(values[0]), "s")] + [
            make.cell("%s%d" % (make.col_letters(c + 1), r), repr(v)) for c, v in enumerate(values[1:])]
    make.package(os.path.join(HERE, "ekonomi.xlsx"),
                 [("Enheter", make.sheet_xml(rows, dimension="A1:H9"))], strings=ss,
                 names=[("Enheter", "Enheter!$A$3:$H$9")])


def write_ods():
    table = [make.tr(*[make.tc("string", text=h) for h in KOSTNADER_HEAD])]
    for post, typ, *numbers in KOSTNADER:
        table.append(make.tr(make.tc("string", text=post), make.tc("string", text=typ),
                             *[make.num(v) for v in numbers]))
    make.ods_package(os.path.join(HERE, "kostnadsutveckling.ods"), [("Kostnader", table)])


if __name__ == "__main__":
    write_xlsx()
    write_ods()
