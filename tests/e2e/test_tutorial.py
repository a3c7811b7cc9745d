"""samples/tutorial (issue 3's data sample): CSV with ';' and decimal commas, JSON, SQLite,
group rows, grouped headers, sums and a total, computed deviations and percentages. The
expected figures below were worked out by hand from the data files."""
import os

from pdftools import *

out = temp_dir()
pdf = os.path.join(out, "tutorial.pdf")
rapport("render", "samples/tutorial/report.xml", "-o", pdf)
text = pdftotext(pdf, layout=True)
lines = text.splitlines()


def row(label):
    for line in lines:
        if line.strip().startswith(label + " ") or line.strip() == label:
            return line
    return ""


expected = {
    # CSV (';', decimal comma): budget, prognos, avvikelse = prognos - budget, % of |budget|, utfall aug
    "Statsbidrag": ["45 200,0", "48 915,5", "3 715,5", "8,2 %", "33 010,2"],
    "Taxor och avgifter": ["12 400,0", "11 870,0", "-530,0", "-4,3 %", "7 902,4"],
    "Summa intäkter": ["57 600,0", "60 785,5", "3 185,5", "5,5 %", "40 912,6"],
    "Personal": ["-310 500,0", "-305 220,8", "5 279,2", "1,7 %", "-201 660,1"],
    "Externa placeringar": ["-118 000,0", "-112 480,4", "5 519,6", "4,7 %", "-74 210,9"],
    "Lokaler": ["-28 300,0", "-28 950,0", "-650,0", "-2,3 %", "-19 301,0"],
    "Övrigt": ["-22 800,0", "-23 415,3", "-615,3", "-2,7 %", "-15 040,6"],
    "Summa kostnader": ["-479 600,0", "-470 066,5", "9 533,5", "2,0 %", "-310 212,6"],
    "Netto": ["-422 000,0", "-409 281,0", "12 719,0", "3,0 %", "-269 300,0"],
    # JSON: mål, utfall, måluppfyllelse = utfall / mål * 100
    "Andel brukare som är nöjda med bemötandet": ["90 %", "86,5 %", "96 %"],
    "Andel utredningar klara inom 120 dagar": ["80 %", "71,0 %", "89 %"],
    "Andel placerade barn i familjehem": ["75 %", "78,2 %", "104 %"],
    # SQLite: budget, utfall, avvikelse = budget - utfall, and the total
    "Inventarier Vivalla": ["1 500,0", "1 320,5", "179,5"],
    "Verksamhetssystem": ["2 800,0", "3 105,0", "-305,0"],
    "Larm och passage": ["900,0", "412,8", "487,2"],
    "Summa investeringar": ["5 200,0", "4 838,3", "361,7"],
}
for label, cells in expected.items():
    line = row(label)
    # Cells in order, each once, left to right.
    position, ok = 0, bool(line)
    for cell in cells:
        found = line.find(cell, position)
        ok = ok and found >= 0
        position = found + len(cell) if found >= 0 else position
    check(ok, f"{label}: {' | '.join(cells)}  (got: {line.strip()!r})")

check(row("Intäkter") and row("Kostnader"), "group rows are printed")
check("Helår 2021" in text, "the grouped header spans its columns")
check("överskott på 12,7 mnkr" in " ".join(text.split()), "the inline figure comes from the same data (12,7)")
done()
