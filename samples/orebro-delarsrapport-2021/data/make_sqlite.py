#!/usr/bin/env python3
"""Builds ekonomi.sqlite for the Örebro Delårsrapport med prognos 2 2021 sample.

The numbers are transcribed from the seed report (base values only: every sum, deviation,
average and total is computed by rapport from these). Run it from anywhere:

    python3 samples/orebro-delarsrapport-2021/data/make_sqlite.py

It rewrites ekonomi.sqlite next to this script. The output is deterministic (same rows in the
same order, no timestamps), so the committed database only changes when the data does.

Tables:
  kontoslag   T000-21 (verksamhet 'egen': Övergripande och nämnd, Förebyggande, Myndighet,
              Eget utförande) and T000-23 (verksamhet 'ekb': Ensamkommande barn och unga),
              mnkr, costs negative.
  belaggning  T000-15 .. T000-18, occupancy in percent per month (Jan-Aug 2021); NULL = "-".
  externa     T000-24, external care and treatment: persons per day, cost per day (kr) or
              per month (kr, rows marked *), budget, period deviation and full-year forecast
              (mnkr, costs positive).
"""

import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.path.join(HERE, "ekonomi.sqlite")

# verksamhet, ordning, kontoslag, utfall_period, budget_period, budget_helar, prognos,
# utfall_period_2020, avvikelse_period_2020, bokslut_2020
KONTOSLAG = [
    ("egen", 1, "Intäkter", 7.6, 4.9, 7.4, 9.1, 8.4, 3.7, 12.8),
    ("egen", 2, "Personalkostnader", -161.2, -160.2, -252.0, -248.5, -150.8, 1.9, -238.1),
    ("egen", 3, "Lokalkostnader", -17.6, -17.5, -26.2, -27.3, -18.7, -1.6, -28.6),
    ("egen", 4, "Övriga kostnader", -23.1, -24.5, -36.7, -36.5, -21.4, 2.2, -34.0),
    ("ekb", 1, "Intäkter", 7.2, 7.2, 10.8, 10.0, 14.8, -1.6, 20.1),
    ("ekb", 2, "Personalkostnader", -1.2, -0.8, -0.7, -1.3, -5.2, -0.7, -6.7),
    ("ekb", 3, "Lokalkostnader", -0.7, -0.3, -0.5, -0.9, -0.7, -0.2, -1.0),
    ("ekb", 4, "Övriga kostnader", -0.1, -0.1, -0.1, -0.1, -0.3, 0.1, -0.4),
    ("ekb", 5, "Externa köp", -4.7, -6.4, -9.5, -6.5, -10.0, 0.3, -13.5),
]

# grupp: 'lang' (T000-16, longer stays), 'kort' (T000-17, short stays),
# 'narvaro' and 'individer' (T000-18, open-care groups).
# ordning, grupp, enhet, platser, jan, feb, mar, apr, maj, jun, jul, aug
N = None
BELAGGNING = [
    (1, "lang", "Multigruppen", 8, 100, 98, 100, 100, 100, 92, 88, 82),
    (2, "lang", "OT-gruppen", 9, 100, 100, 100, 87, 92, 96, 91, 85),
    (3, "lang", "Athena-gruppen", 8, 100, 100, 95, 95, 100, 100, 83, 81),
    (4, "lang", "Tjejbo", 11, 91, 64, 92, 92, 92, 100, 100, 100),
    (5, "lang", "Ungbo", 9, 100, 100, 100, 100, 100, 100, 100, 100),
    (6, "lang", "Växthuset", 19, 98, 95, 100, 90, 100, 95, 97, 89),
    (7, "lang", "Murgrönan", 10, 100, 100, 100, 100, 100, 100, 95, 95),
    (8, "lang", "Hjorten", 12, 100, 100, 95, 89, 100, 100, 100, 100),
    (9, "lang", "Gnistan boende", 9, 89, 89, 89, 89, 67, 67, 78, 67),
    (10, "kort", "Multi akutplatser", 4, 86, 44, 81, 96, 100, 100, 125, 104),
    (11, "kort", "Hjortronet", 4, 67, 87, 69, 43, 89, 52, 45, 25),
    (12, "kort", "Hjorten korttidsplats", 4, 98, 81, 92, 50, 35, 70, 98, 45),
    (13, "narvaro", "12-stegsgruppen (närvaro)", 8, 85, 75, 93, 94, 75, 45, 63, 45),
    (14, "narvaro", "KBT-gruppen (närvaro)", 6, 23, 26, 35, 56, 67, 59, 57, 63),
    # The number of participants lags one month: August is not yet known ("-" in the seed).
    (15, "individer", "12-stegsgruppen (individer)", 8, 88, 88, 113, 100, 75, 100, 100, N),
    (16, "individer", "KBT-gruppen (individer)", 6, 117, 117, 100, 117, 100, 150, 167, N),
]

# Columns of externa, in order. pers_* = persons per day (average); kost_* = cost per day in kr
# (only rows priced per day, so that an unweighted mean over the column is the seed's
# "Totalt" cost per day); kost_man_* = cost per month in kr for the rows marked * (fee and
# expenses per month, not part of the per-day mean); ind_* = individuals with an intervention
# on some day of the month, shown in parentheses and not part of the person sums (rows
# marked **); budget, avvikelse_period, prognos in mnkr with costs positive.
EXTERNA_COLUMNS = [
    "id", "ordning", "grupp", "verksamhet",
    "pers_2019", "pers_2020", "pers_budget", "pers_period",
    "kost_2019", "kost_2020", "kost_period",
    "kost_man_2019", "kost_man_2020", "kost_man_period",
    "ind_2020", "ind_period",
    "budget", "avvikelse_period",
    "prog_pers", "prog_kost", "prog_kost_man", "prog_ind",
    "prognos",
]
EXTERNA = [
    # Barn
    ("b_inst", 1, "barn", "Institutionsvård", 12, 17, 16, 18, 5078, 5300, 5356, N, N, N, N, N,
     31.0, -2.4, 18, 5356, N, N, 34.6),
    ("b_fh_int", 2, "barn", "Familjehemsvård internt*", 94, 88, 85, 76, N, N, N, 29168, 29000, 32147, N, N,
     29.6, 0.1, 76, N, 30000, N, 27.4),
    ("b_fh_ext", 3, "barn", "Familjehemsvård externt", 20, 21, 18, 33, 2181, 2250, 2235, N, N, N, N, N,
     14.8, -8.0, 33, 2235, N, N, 26.8),
    ("b_kontakt", 4, "barn", "Kontaktperson-/familj", N, N, N, N, N, N, N, N, N, N, N, N,
     3.7, 0.3, N, N, N, N, 3.2),
    ("b_ps_dygn", 5, "barn", "Personligt stöd/öppenvård (med dygnspriser)", 5, 8, 8, 5, 1867, 2150, 2321,
     N, N, N, N, N, 6.0, 1.4, 5, 2321, N, N, 3.9),
    ("b_ps_ovr", 6, "barn", "Personligt stöd/öppenvård (övriga)**", N, N, N, N, N, N, N, N, N, N, 29, 36,
     3.5, -1.1, N, N, N, 37, 5.1),
    # Unga
    ("u_inst", 7, "unga", "Institutionsvård", 44, 37, 32, 39, 4601, 4850, 4803, N, N, N, N, N,
     57.3, -7.3, 38, 4803, N, N, 67.3),
    ("u_fh_int", 8, "unga", "Familjehemsvård internt*", 56, 57, 56, 49, N, N, N, 19057, 19000, 17087, N, N,
     13.3, 2.3, 49, N, 20000, N, 11.6),
    ("u_fh_ext", 9, "unga", "Familjehemsvård externt", 29, 28, 25, 28, 2436, 2400, 2348, N, N, N, N, N,
     21.9, -1.6, 28, 2348, N, N, 24.3),
    ("u_kontakt", 10, "unga", "Kontaktperson-/familj", N, N, N, N, N, N, N, N, N, N, N, N,
     1.3, 0.3, N, N, N, N, 0.8),
    ("u_ps_dygn", 11, "unga", "Personligt stöd/öppenvård (med dygnspriser)", 9, 11, 11, 18, 2236, 2240, 1656,
     N, N, N, N, N, 6.0, -3.1, 18, 1656, N, N, 10.6),
    ("u_ps_ovr", 12, "unga", "Personligt stöd/öppenvård (övriga)**", N, N, N, N, N, N, N, N, N, N, 17, 11,
     6.5, 3.8, N, N, N, 11, 0.8),
    # Jourhem (a row of its own between Unga and Vuxna)
    ("jourhem", 13, "jourhem", "Jourhem, kontrakterade*", 9, 10, 11, 9, N, N, N, 30688, 34920, 49616, N, N,
     4.6, -0.4, 10, N, 34000, N, 3.9),
    # Vuxna
    ("v_inst", 14, "vuxna", "Institutionsvård missbrukare", 39, 29, 27, 40, 3090, 3090, 2699, N, N, N, N, N,
     30.5, -6.1, 40, 2699, N, N, 39.6),
    ("v_oppen", 15, "vuxna", "Öppenvård missbrukare", 29, 24, 16, 15, 1550, 1590, 1536, N, N, N, N, N,
     9.3, 0.4, 15, 1536, N, N, 8.6),
    ("v_boende", 16, "vuxna", "Boende missbrukare", 26, 32, 28, 27, 1343, 1450, 1436, N, N, N, N, N,
     14.8, 0.5, 27, 1436, N, N, 14.1),
    ("v_fh", 17, "vuxna", "Familjehem missbrukare", 7, 4, 7, 8, 1882, 2150, 2114, N, N, N, N, N,
     5.5, -0.3, 8, 2114, N, N, 6.0),
    ("v_icke", 18, "vuxna", "Vård icke missbrukare", 36, 24, 27, 29, 2461, 2465, 2275, N, N, N, N, N,
     29.8, 4.0, 29, 2275, N, N, 23.8),
    # VAT reclaimed (and the extraordinary income from Migrationsverket booked on the same row)
    ("moms", 19, "moms", "Återsökt moms", N, N, N, N, N, N, N, N, N, N, N, N,
     -14.5, 0.2, N, N, N, N, -17.3),
]


def main():
    if os.path.exists(DB):
        os.remove(DB)
    con = sqlite3.connect(DB)
    cur = con.cursor()
    cur.execute(
        "CREATE TABLE kontoslag (verksamhet TEXT NOT NULL, ordning INTEGER NOT NULL, kontoslag TEXT NOT NULL,"
        " utfall_period REAL, budget_period REAL, budget_helar REAL, prognos REAL,"
        " utfall_period_2020 REAL, avvikelse_period_2020 REAL, bokslut_2020 REAL,"
        " PRIMARY KEY (verksamhet, ordning))")
    cur.executemany("INSERT INTO kontoslag VALUES (?,?,?,?,?,?,?,?,?,?)", KONTOSLAG)
    cur.execute(
        "CREATE TABLE belaggning (ordning INTEGER PRIMARY KEY, grupp TEXT NOT NULL, enhet TEXT NOT NULL UNIQUE,"
        " platser INTEGER, jan REAL, feb REAL, mar REAL, apr REAL, maj REAL, jun REAL, jul REAL, aug REAL)")
    cur.executemany("INSERT INTO belaggning VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", BELAGGNING)
    types = {"id": "TEXT PRIMARY KEY", "ordning": "INTEGER NOT NULL", "grupp": "TEXT NOT NULL",
             "verksamhet": "TEXT NOT NULL"}
    cur.execute("CREATE TABLE externa (" + ", ".join(f"{c} {types.get(c, 'REAL')}" for c in EXTERNA_COLUMNS) + ")")
    for row in EXTERNA:
        assert len(row) == len(EXTERNA_COLUMNS), row[0]
    cur.executemany(f"INSERT INTO externa VALUES ({','.join('?' * len(EXTERNA_COLUMNS))})", EXTERNA)
    con.commit()
    cur.execute("VACUUM")
    con.close()


if __name__ == "__main__":
    main()
