#!/usr/bin/env python3
"""Recomputes every derived cell of the seed's financial and statistical tables from the base
values in ../data and compares it with the figure the seed prints (embedded below).

This is how the mismatch lists in ../README.md were made; it is a check of the transcription and
of the seed, independent of rapport (it mirrors the formulas of the definition in plain Python,
rounding half away from zero). Run: python3 tools/seed_arithmetic.py

Prints: exact halves (TIES, where the rounding rule decides), MISMATCHES (printed vs computed),
the count of cells that agree, and CROSS-TABLE differences between copies of the same figure.
"""
import csv, json, sqlite3, math, os
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
def num(s):
    s = s.strip()
    if s in ("", "-", "--", "---"): return None
    return float(s.replace(" ", "").replace(",", "."))
def rcsv(name):
    with open(os.path.join(D, name), encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    h = rows[0]
    out = []
    for r in rows[1:]:
        assert len(r) == len(h), (name, r)
        d = {}
        for k, v in zip(h, r):
            try: d[k] = num(v)
            except ValueError: d[k] = v
        out.append(d)
    return out
def rnd(x, n=0):
    if x is None: return None
    m = 10 ** n
    return math.floor(abs(x) * m + 0.5 + 1e-9) / m * (1 if x >= 0 else -1)
def fmt(x, n=1):
    if x is None: return "(empty)"
    v = rnd(x, n)
    s = f"{abs(v):.{n}f}".replace(".", ",")
    ip, _, dp = s.partition(",")
    g = ""
    while len(ip) > 3: g = " " + ip[-3:] + g; ip = ip[:-3]
    s = ip + g + ("," + dp if dp else "")
    return ("-" if v < 0 and v != 0 else "") + s
mism = []
ok = []
ties = []
def cmp(where, computed, printed, n=1):
    c = fmt(computed, n)
    if computed is not None and abs(abs(computed) * 10**n - math.floor(abs(computed) * 10**n) - 0.5) < 1e-6:
        ties.append((where, computed, printed, c))
    if c != printed: mism.append((where, printed, c))
    else: ok.append((where, c))
def S(xs): 
    xs = [x for x in xs if x is not None]
    return sum(xs) if xs else None
def A(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None

# ---- T000-11
# T000-11 and T000-12 come from workbooks; data/make_workbooks.py holds their rows.
import importlib.util
_spec = importlib.util.spec_from_file_location("make_workbooks", os.path.join(D, "make_workbooks.py"))
workbooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(workbooks)
def rows_of(head, rows):
    return [dict(zip(head, r)) for r in rows]
en = rows_of(workbooks.ENHETER_HEAD, workbooks.ENHETER)
P11 = {  # printed derived values
 "Övergripande & nämnd": ("-3,1", "-6,2"), "Förebyggande & familjecentraler": ("0,5", "0,8"),
 "Myndighet": ("3,3", "5,6"), "Eget utförande": ("2,3", "4,1"), "Ensamkommande": ("0,9", "1,2"),
 "Externa vård- och behandlingskostnader": ("-16,9", "-20,6")}
for r in en:
    a, b = P11[r["verksamhet"]]
    cmp(f"T000-11 {r['verksamhet']} / Periodens avvikelse", r["utfall_period"] - r["budget_period"], a)
    cmp(f"T000-11 {r['verksamhet']} / Prognos avvikelse", r["prognos"] - r["budget_helar"], b)
tot = {k: S([r[k] for r in en]) for k in en[0] if k != "verksamhet"}
for k, p in [("utfall_period", "-393,7"), ("budget_period", "-380,8"), ("budget_helar", "-582,2"), ("prognos", "-597,4"),
             ("utfall_period_2020", "-374,3"), ("avvikelse_period_2020", "-7,3"), ("bokslut_2020", "-574,9")]:
    cmp(f"T000-11 Nettokostnad / {k}", tot[k], p)
cmp("T000-11 Nettokostnad / Periodens avvikelse", tot["utfall_period"] - tot["budget_period"], "-13,0")
cmp("T000-11 Nettokostnad / Prognos avvikelse", tot["prognos"] - tot["budget_helar"], "-15,2")
own = [r for r in en if r["verksamhet"] in ("Övergripande & nämnd", "Förebyggande & familjecentraler", "Myndighet", "Eget utförande")]

# ---- T000-12
ku = rows_of(workbooks.KOSTNADER_HEAD, workbooks.KOSTNADER)
P12 = {"Avgifter": ("0,5", "-0,2", "-11%"), "Bidrag": ("3,0", "-20,1", "-40%"), "Försäljning av verksamhet": ("-0,1", "-0,8", "-29%"),
 "Övriga intäkter": ("0,4", "-0,3", "-19%"), "Personalkostnader": ("-11,8", "-5,5", "-2%"), "Lokalkostnader": ("2,3", "-0,6", "-2%"),
 "Köp av verksamhet": ("29,8", "6,6", "2%"), "Köp från bemanningsföretag": ("0,0", "0,0", "0%"), "Kapitalkostnader": ("0,0", "-0,1", "-11%"),
 "Övriga kostnader": ("-1,4", "0,6", "2%")}
def chabs(now, bef): return abs(now) - abs(bef)
def chabspct(now, bef): return 0 if bef == 0 else (abs(now) - abs(bef)) / abs(bef) * 100
def pct(x): return fmt(x, 0) + "%"
def row12(name, r, kost, pr):
    av = (r["budget_2021"] - r["prognos_2021"]) if kost else (r["prognos_2021"] - r["budget_2021"])
    cmp(f"T000-12 {name} / Avvikelse budget - prognos", av, pr[0])
    cmp(f"T000-12 {name} / Förändring mnkr", chabs(r["prognos_2021"], r["bokslut_2020"]), pr[1])
    c = pct(chabspct(r["prognos_2021"], r["bokslut_2020"]))
    if c != pr[2]: mism.append((f"T000-12 {name} / Förändring %", pr[2], c))
    else: ok.append((f"T000-12 {name} / Förändring %", c))
for r in ku: row12(r["post"], r, r["typ"] == "kostnad", P12[r["post"]])
F = ["bokslut_2020", "ack_2020", "budget_2021", "ack_2021", "prognos_2021"]
si = {k: S([r[k] for r in ku if r["typ"] == "intakt"]) for k in F}
sk = {k: S([r[k] for r in ku if r["typ"] == "kostnad"]) for k in F}
ne = {k: si[k] + sk[k] for k in F}
for (nm, d, pr, cols) in [("Summa intäkter", si, ("3,7", "-21,5", "-38%"), ["57,3", "34,1", "32,1", "24,6", "35,8"]),
                          ("Summa kostnader", sk, ("18,9", "1,0", "0%"), ["-632,2", "-408,4", "-614,3", "-418,4", "-633,2"]),
                          ("Netto", ne, ("-15,2", "22,5", "4%"), ["-574,9", "-374,3", "-582,2", "-393,7", "-597,4"])]:
    for k, p in zip(F, cols): cmp(f"T000-12 {nm} / {k}", d[k], p)
    row12(nm, d, nm == "Summa kostnader", pr)

# ---- T000-13/14
ut = {r["grupp"]: r for r in rcsv("utredningar.csv")}
for k, p in zip(["jan_aug_2017", "jan_aug_2018", "jan_aug_2019", "jan_aug_2020"], ["254", "297", "331", "325"]):
    cmp(f"T000-13 Totalt snitt/mån / {k}", S([ut[g][k] for g in ("Barn", "Unga", "Vuxna")]), p, 0)
cmp("T000-13/14 Totalt snitt/mån / jan-aug 2021 (antal/8)", ut["Totalt antal"]["jan_aug_2021"] / 8, "322", 0)
print("NOTE T000-13/14 jan-aug 2021 as a sum of the groups would be", fmt(S([ut[g]["jan_aug_2021"] for g in ("Barn", "Unga", "Vuxna")]), 0), "(printed 322)")
for k, p in zip(["helar_2017", "helar_2018", "helar_2019", "helar_2020"], ["265", "313", "324", "339"]):
    cmp(f"T000-14 Totalt snitt/mån / {k} (antal/12)", ut["Totalt antal"][k] / 12, p, 0)
    print(f"NOTE T000-14 {k} as a sum of the groups would be", fmt(S([ut[g][k] for g in ("Barn", "Unga", "Vuxna")]), 0), f"(printed {p})")

# ---- T000-15..18
con = sqlite3.connect(os.path.join(D, "ekonomi.sqlite")); con.row_factory = sqlite3.Row
bel = [dict(r) for r in con.execute("select * from belaggning order by ordning")]
M = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug"]
PACK = {"Multigruppen": 95, "OT-gruppen": 94, "Athena-gruppen": 94, "Tjejbo": 91, "Ungbo": 100, "Växthuset": 96, "Murgrönan": 99, "Hjorten": 98,
        "Gnistan boende": 79, "Multi akutplatser": 92, "Hjortronet": 60, "Hjorten korttidsplats": 71, "12-stegsgruppen (närvaro)": 72,
        "KBT-gruppen (närvaro)": 48, "12-stegsgruppen (individer)": 95, "KBT-gruppen (individer)": 124}
def ack(r): return A([r[m] for m in M])
for r in bel: cmp(f"T000-1x {r['enhet']} / Ack", ack(r), str(PACK[r["enhet"]]), 0)
def totrow(name, rows, printed):
    avgs = {m: A([r[m] for r in rows]) for m in M}
    for m, p in zip(M + ["ack"], printed):
        v = avgs[m] if m != "ack" else A([avgs[x] for x in M])
        if p == "-" and v is None: ok.append((name + " " + m, "-")); continue
        cmp(f"{name} / {m}", v, str(p), 0)
totrow("T000-15 Totalt (ovägt medelvärde)", [r for r in bel if r["grupp"] in ("lang", "kort")], [94, 88, 93, 86, 90, 89, 92, 81, 89])
totrow("T000-16 Totalt (ovägt medelvärde)", [r for r in bel if r["grupp"] == "lang"], [97, 94, 97, 93, 95, 94, 92, 89, 94])
totrow("T000-17 Totalt (ovägt medelvärde)", [r for r in bel if r["grupp"] == "kort"], [84, 71, 81, 63, 75, 74, 90, 58, 74])
totrow("T000-18 Totalt (närvaro)", [r for r in bel if r["grupp"] == "narvaro"], [54, 51, 64, 75, 71, 52, 60, 54, 60])
totrow("T000-18 Totalt (individer)", [r for r in bel if r["grupp"] == "individer"], [102, 102, 106, 108, 88, 125, 133, "-", 109])

# ---- T000-20
lv = {r["id"]: r for r in rcsv("lvu_lvm.csv")}
Y = [k for k in lv["lvu_f"] if k.startswith("jan")]
for k, a, b in zip(Y, ["168", "182", "185", "177", "167", "182"], ["27", "26", "31", "32", "29", "29"]):
    cmp(f"T000-20 LVU / {k}", lv["lvu_f"][k] + lv["lvu_p"][k], a, 0)
    cmp(f"T000-20 LVM / {k}", lv["lvm_k"][k] + lv["lvm_m"][k], b, 0)

# ---- T000-21 / T000-23
def konto(v, printed_rows, printed_tot, label):
    rows = [dict(r) for r in con.execute("select * from kontoslag where verksamhet=? order by ordning", (v,))]
    for r in rows:
        pa, pb = printed_rows[r["kontoslag"]]
        cmp(f"{label} {r['kontoslag']} / Periodens avvikelse", r["utfall_period"] - r["budget_period"], pa)
        cmp(f"{label} {r['kontoslag']} / Prognos avvikelse", r["prognos"] - r["budget_helar"], pb)
    ks = ["utfall_period", "budget_period", "budget_helar", "prognos", "utfall_period_2020", "avvikelse_period_2020", "bokslut_2020"]
    t = {k: S([r[k] for r in rows]) for k in ks}
    for k, p in zip(ks, printed_tot[:7]): cmp(f"{label} Nettokostnad / {k}", t[k], p)
    cmp(f"{label} Nettokostnad / Periodens avvikelse", t["utfall_period"] - t["budget_period"], printed_tot[7])
    cmp(f"{label} Nettokostnad / Prognos avvikelse", t["prognos"] - t["budget_helar"], printed_tot[8])
konto("egen", {"Intäkter": ("2,7", "1,7"), "Personalkostnader": ("-1,0", "3,4"), "Lokalkostnader": ("-0,1", "-1,1"), "Övriga kostnader": ("1,4", "0,2")},
      ["-194,2", "-197,2", "-307,5", "-303,3", "-182,6", "6,2", "-287,9", "3,0", "4,2"], "T000-21")
konto("ekb", {"Intäkter": ("0,0", "-0,8"), "Personalkostnader": ("-0,4", "-0,7"), "Lokalkostnader": ("-0,3", "-0,4"), "Övriga kostnader": ("0,0", "0,0"), "Externa köp": ("1,6", "3,0")},
      ["0,5", "-0,4", "0,0", "1,2", "-1,3", "-2,2", "-1,4", "0,9", "1,2"], "T000-23")

# ---- T000-22
ek = {r["id"]: r for r in rcsv("ekb_arenden.csv")}
MM = [k for k in ek["asyl_f"] if k not in ("id", "kategori")]
PA = "41 298 176 65 24 17 9 9 9 10 9 10 9 9 11".split()
PK = "96 85 105 103 106 84 59 54 49 44 45 45 41 42 40".split()
PT = "137 383 281 168 130 101 68 63 58 54 54 55 50 51 51".split()
for i, k in enumerate(MM):
    a = S([ek["asyl_bas"][k], ek["asyl_f"][k], ek["asyl_p"][k]]); b = S([ek["komm_bas"][k], ek["komm_f"][k], ek["komm_p"][k]])
    cmp(f"T000-22 Asylsökande / {k}", a, PA[i], 0); cmp(f"T000-22 Kommunplacerade / {k}", b, PK[i], 0); cmp(f"T000-22 TOTALT / {k}", a + b, PT[i], 0)

# ---- T000-24
ex = [dict(r) for r in con.execute("select * from externa order by ordning")]
PAV = {"b_inst": "-3,6", "b_fh_int": "2,2", "b_fh_ext": "-12,1", "b_kontakt": "0,5", "b_ps_dygn": "2,1", "b_ps_ovr": "-1,6",
       "u_inst": "-10,0", "u_fh_int": "1,6", "u_fh_ext": "-2,4", "u_kontakt": "0,5", "u_ps_dygn": "-4,6", "u_ps_ovr": "5,8",
       "jourhem": "0,7", "v_inst": "-9,1", "v_oppen": "0,7", "v_boende": "0,7", "v_fh": "-0,5", "v_icke": "6,0", "moms": "2,8"}
for r in ex: cmp(f"T000-24 {r['verksamhet']} ({r['grupp']}) / Prognos avvikelse", r["budget"] - r["prognos"], PAV[r["id"]])
C = ["pers_2019", "pers_2020", "pers_budget", "pers_period", "budget", "avvikelse_period", "prog_pers", "prognos"]
def grp(g): return {k: S([r[k] for r in ex if r["grupp"] == g]) for k in C}
G = {g: grp(g) for g in ("barn", "unga", "jourhem", "vuxna", "moms")}
PS = {"barn": ["131", "134", "127", "131", "88,5", "-9,6", "131", "101,0", "-12,5"],
      "unga": ["138", "133", "124", "134", "106,3", "-5,6", "133", "115,5", "-9,3"],
      "vuxna": ["136", "113", "105", "119", "89,8", "-1,5", "119", "92,2", "-2,3"]}
for g, pr in PS.items():
    for k, p in zip(C, pr[:8]): cmp(f"T000-24 Summa {g} / {k}", G[g][k], p, 0 if k.startswith("pers") or k == "prog_pers" else 1)
    cmp(f"T000-24 Summa {g} / Prognos avvikelse", G[g]["budget"] - G[g]["prognos"], pr[8])
T = {k: S([G[g][k] for g in G]) for k in C}
for k, p in zip(C, ["414", "389", "367", "393", "274,8", "-16,9", "393", "295,3"]):
    cmp(f"T000-24 Totalt / {k}", T[k], p, 0 if k.startswith("pers") or k == "prog_pers" else 1)
cmp("T000-24 Totalt / Prognos avvikelse", T["budget"] - T["prognos"], "-20,6")
for k, p in [("kost_2019", "2 611"), ("kost_2020", "2 721"), ("kost_period", "2 616"), ("prog_kost", "2 616")]:
    cmp(f"T000-24 Totalt / {k} (mean of per-day rows)", A([r[k] for r in ex]), p, 0)

# ---- T000-25
fem = {r["id"]: r for r in json.load(open(os.path.join(D, "fem_ar.json")))["rader"]}
for k, p in zip(["u2017", "u2018", "u2019", "u2020"], ["150 192", "153 367", "155 483", "156 381"]):
    cmp(f"T000-25 Befolkning / {k}", fem["bef_k"][k] + fem["bef_m"][k], p, 0)
for a, b, pr in [("tv_k", "tv_m", "20 20 18 18"), ("vt_k", "vt_m", "28 22 15 16"), ("akt_f", "akt_p", "59 55 55 55"), ("inst_f", "inst_p", "69 58 60 60")]:
    for k, p in zip(["u2017", "u2018", "u2019", "u2020"], pr.split()): cmp(f"T000-25 {b} / {k}", 100 - fem[a][k], p, 0)
cmp("T000-25 kost_dygn / p2021 (= T000-24 Totalt prognos kost)", A([r["prog_kost"] for r in ex]), "2 616", 0)

# ---- T000-26
ef = rcsv("effektivisering.csv")
for k, p in zip(["kvar_tidigare_ar", "beraknad_effekt_2021", "effekt_tom_juli", "prognos_2021"], ["2,3", "7,0", "3,6", "3,8"]):
    cmp(f"T000-26 Totalt / {k}", S([r[k] for r in ef]), p)

print("TIES")
for t in ties: print("  ", t)
print("MISMATCHES", len(mism))
for m in mism: print("  ", m)
print("OK", len(ok))

print("\nCROSS-TABLE")
E = {r["verksamhet"]: r for r in en}
own = ["Övergripande & nämnd", "Förebyggande & familjecentraler", "Myndighet", "Eget utförande"]
K = ["utfall_period", "budget_period", "budget_helar", "prognos", "utfall_period_2020", "avvikelse_period_2020", "bokslut_2020"]
eg = [dict(r) for r in con.execute("select * from kontoslag where verksamhet='egen'")]
kb = [dict(r) for r in con.execute("select * from kontoslag where verksamhet='ekb'")]
for k in K:
    a = S([E[o][k] for o in own]); b = S([r[k] for r in eg])
    if fmt(a) != fmt(b): print("T000-21 Nettokostnad vs T000-11 four own rows", k, fmt(b), "vs", fmt(a))
    a = E["Ensamkommande"][k]; b = S([r[k] for r in kb])
    if fmt(a) != fmt(b): print("T000-23 Nettokostnad vs T000-11 Ensamkommande", k, fmt(b), "vs", fmt(a))
for k, k2 in [("budget", "budget_helar"), ("avvikelse_period", None), ("prognos", "prognos")]:
    t = T[k]
    if k2: print("T000-24 Totalt", k, fmt(t), "vs T000-11 Externa", fmt(-E["Externa vård- och behandlingskostnader"][k2]))
print("T000-24 Totalt avv period", fmt(T["avvikelse_period"]), "vs T000-11", fmt(E["Externa vård- och behandlingskostnader"]["utfall_period"] - E["Externa vård- och behandlingskostnader"]["budget_period"]))
print("T000-24 Totalt prog avv", fmt(T["budget"] - T["prognos"]), "vs T000-11", fmt(E["Externa vård- och behandlingskostnader"]["prognos"] - E["Externa vård- och behandlingskostnader"]["budget_helar"]))
for k11, k12 in [("budget_helar", "budget_2021"), ("prognos", "prognos_2021"), ("bokslut_2020", "bokslut_2020"), ("utfall_period", "ack_2021"), ("utfall_period_2020", "ack_2020")]:
    print("T000-12 Netto", k12, fmt(ne[k12]), "vs T000-11 Nettokostnad", k11, fmt(tot[k11]))
print("dev", fmt(ne["prognos_2021"] - ne["budget_2021"]), fmt(tot["prognos"] - tot["budget_helar"]))

