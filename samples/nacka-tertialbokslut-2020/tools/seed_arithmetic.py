#!/usr/bin/env python3
"""Recomputes every derived cell of the seed's tables from the base values in ../data and compares
it, and every transcribed base value, with the figure the seed prints (the seed's table lines are
embedded below, verbatim, tab-separated).

This is how the mismatch list in ../README.md was made. It mirrors the formulas of the definition
in plain Python (rounding half away from zero, as rapport does) and is independent of rapport.
Run: python3 tools/seed_arithmetic.py
"""
import csv, json, math, os

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")

# The seed's table rows (001_6b662735d9899b85.txt), "## first-last" = its line numbers.
PRINTED = """\
## 106-115
Ensamkommande barn/unga	500	0	0
Statsbidrag habiliteringsersättning 2020	2 175	0	2 175
Utvecklingsmedel för arbete mot våld i nära relationer 2020	552	0	552
Statsbidrag 2020 för att stärka bemanningen inom den sociala barn- och ungdomsvården	597	0	597
Statsbidrag 2020 för att stärka insatserna för barn och unga med psykisk ohälsa	336	0	398
Stimulansmedel inom ramen för överenskommelsen om stöd till riktade insatser inom området psykisk hälsa 2020	3 057	0	3 057
Stimulansmedel stärkt brukarmedverkan 2020	44	0	44
Stimulansmedel stärkt suicidpreventivt arbete 2020	872	0	872
Stimulansmedel sammanhållen vård 2020	468	0	468
Totalt	8 601	0	8 163
## 154-155
Andel kvinnor och män över 18 år som vid avslutad placering på skyddat boende uppger att de inte utsätts för våld.	 68 %	100 %	80 %	125 %
(N) Andel familjehemsplacerade flickor och pojkar som uppnår kunskapsmålen i skolan.	 83 %	74 %	95 %	78 %
## 178-179
Andel av hyresgästerna med socialt kontrakt som efter avslutad insats anskaffar en egen bostad.	 93 %	83 %	75 %	111 %
(N) Andel kunder som bedömts och beviljats bistånd till boende enligt LSS och där behovet kan tillgodoses inom kommunens gränser	 78 %	78 %	90 %	87 %
## 231-233
Andel ungdomar som fått insats på MiniMaria för sitt missbruk och som vid avslutad insats är drogfria	 82 %	89 %	80 %	111 %
Andel vuxna som fått insats på Beroendemottagningen för sitt missbruk och efter avslutad insats nått sitt mål med insatsen.	 75 %	76 %	75 %	101 %
Andel kunder som erbjuds föräldrastödsinsatser och som anser att de har fått stöd och vägledning i sin föräldraroll.	 95 %	98 %	95 %	103 %
## 261-270
Antal (unika) barn och unga i någon form av dygnsvård	131	126	147
Familjehem	44	45	50
Institutionsplacering	31	25	34
varav HVB BOU	16	12	17
varav HVB LVU	7	6	10
varav SIS LVU	11	7	11
Jourhemsplaceringar	32	21	37
Nätverkshem (varaktigt och tillfällig placering)	14	17	17
Stödboende	24	33	36
Stödboende barn och föräldrar	1	1	-
## 291-296
Dygnsvård	-57 235	-52 493	-4 742	-85 452	-78 739	-6 713
Biståndsbedömd öppenvård	-26 034	-23 586	-2 448	-39 866	-35 379	-4 487
Övrig öppenvård inklusive föreningsbidrag	-18 147	-18 889	742	-27 041	-28 333	1 292
Familjerådgivning o insatser familjerätt.	-2 041	-2 493	452	-3 740	-3 740	0
Ensamkommande flyktingbarn	-2 213	-667	-1 547	-2 373	-1 000	-1 373
Summa barn och unga	-105 671	-98 127	-7 544	-158 472	-147 191	-11 281
## 303-309
Antal inkomna aktualiseringar	977	1 034	857	844	3 453	3 310
Antal inledda utredningar	244	266	273	238	955	1 118
Antal pågående utredningar	500	506	535	520		
Antal avslutade utredningar(exklusive yttranden)	244	253	252	245	960	1 061
varav avslutade med insats	91	123	124	139	452	627
Medeltal antal utredningsdagar i avslutade barnavårdsutredningar	95	90	91	95	63	72
Median antal utredningsdagar i avslutade barnavårdsutredningar	107	104	107	105	47	66
## 318-322
Vuxen dygnsvård	-16 145	-19 115	2 970	-25 341	-28 672	3 331
Vuxen öppenvård	-7 679	-9 139	1 460	-11 536	-13 709	2 173
Våld i nära relation	-6 949	-4 982	-1 967	-10 471	-7 473	-2 998
Sociala kontrakt	-6 049	-5 875	-174	-8 813	-8 813	0
Summa	-36 822	-39 111	2 290	-56 161	-58 667	2 506
## 331-334
Insatser till personer med psykisk funktionsnedsättning (exkl hemtjänst, ledsagning avlösning)	-42 709	-38 523	-3 721	-63 948	-57 785	-6 163
Hemtjänst, ledsagning avlösning SoL	-16 543	-20 113	3 570	-24 560	-30 169	5 609
Insatser till personer under 65 år enligt SoL	-13 371	-14 511	1 139	-21 237	-21 766	529
Insatser enligt SoL	-72 623	-73 147	988	-109 745	-109 720	-25
## 341-352
Januari	150	14	136	6 313	46,42	89 %	1,50	204
Februari	141	8	133	5 582	41,97	88 %	1,45	199
Mars	135	21	114	4 883	42,83	82 %	1,38	158
April	129	28	101	4 457	44,13	89 %	1,47	144
Maj	130	27	103	4 786	46,47	85 %	1,50	154
Juni	128	25	103	4 664	45,28	84 %	1,51	155
Juli	132	29	103	4 972	48,27	119 %	1,56	160
Augusti	133	26	107	4 987	46,61	87 %	1,50	161
Utfall T1 medel	139	18	121	5 309	43,84	87 %	1,45	176
Utfall T2 medel	131	27	104	4 852	46,15	94%	1,51	155
Prognos T3	133	26	107	4 907	45,86		1,50	161
Prognos för hela året	134	24	111	60 270	45,38		1,49	164
## 361-367
LSS boende barn och vuxna inkl famhem o korttidsvistelse, läger	-133 663	-134 798	1 135	-200 756	-202 197	1 441
Personlig assistans	-58 126	-50 028	-8 098	-86 014	-75 042	-10 972
Daglig verksamhet	-41 904	-39 847	-2 057	-61 570	-59 770	-1 800
Ledsagning avlösning LSS	-9 070	-7 461	-1 609	-13 485	-11 192	-2 293
Korttidstillsyn barn och unga 12-21 år	-8 234	-8 455	221	-12 682	-12 682	0
Övrig LSS HSL LSS o KP LSS	-4 152	-3 949	-203	-6 954	-5 923	-1 031
Insatser LSS	-255 149	-244 537	-10 612	-381 461	-366 806	-14 655
## 378-378
Turbundna resor och riksfärdtjänst	-8 184	-9 227	1 043	-13 587	-13 840	253
## 390-399
Personlig assistans enl. 9 § 2 LSS (beslut av kommunen)	59	64	48	48	50	47	58	48	45
Ledsagarservice enl. 9 § 3 LSS	78	81	76	72	75	81	80	68	105
Kontaktperson enl. 9 § 4 LSS	119	124	117	121	119	116	118	118	114
Avlösarservice enl. 9 § 5 LSS	86	88	84	85	87	75	95	87	85
Korttidsvistelse utanför hemmet enl. 9 § 6 LSS	123	126	112	114	115	108	115	112	122
Korttidstillsyn för skolungdomar över 12 år enl. 9 § 7 LSS	67	70	48	53	56	50	66	57	52
Boende barn/unga enl. 9 § 8 LSS, Boende med särskild service	5	4	4	4	4	6	4	5	5
Boende vuxna enl. 9 § 9 LSS, bostad med särskild service	163	173	163	157	162	152	168	156	151
Boende vuxna enl. 9 § 9 LSS, annan särskilt anpassad bostad	19	19	15	16	16	17	17	17	17
Daglig verksamhet enl. 9 § 10 LSS	250	256	244	234	243	224	253	233	238
## 408-412
Familjehemsrekryterare	-900
Pris och lönekompensation o höjt PO-pålägg	-2 450
Budget inhyrd personal, 0,5 tjänst samordnare SSPF	-3 500
socialsekr o bemanning kvalitet i handläggning - seniora socialsekreterare 5 tjänster	-6 050
Barn och familjenheten	-12 900
## 418-424
Barn och unga	5 037	-110 708	-105 671	3 660	-101 787	-98 127	-7 544	-147 191	-158 472	-11 281
Vuxna 21-64 år	11 245	-48 066	-36 821	12 359	-51 470	-39 111	2 290	-58 667	-56 161	2 506
Personer med funktionsnedsättning	24 542	-360 033	-335 492	21 514	-348 425	-326 911	-8 581	-490 366	-504 793	-14 427
Gemensam socialtjänst	0	-2 796	-2 796	0	-3 371	-3 371	575	-5 056	-5 056	0
Myndighet och huvudmannaskap	0	-83 021	-83 021	0	-85 352	-85 352	2 331	-128 028	-128 028	0
Nämnd och nämndstöd	0	-1 591	-1 591	0	-1 499	-1 499	-92	-2 248	-2 448	-200
Summa	40 824	-606 215	-565 392	37 533	-591 903	-554 371	-11 021	-831 556	-854 958	-23 402
## 437-440
T1 2020	MH STJ Omsorgsenheten	4,6	2,5	2,9
T2 2020	MH STJ Omsorgsenheten	3,8	2,9	0,9
T2 2019	MH STJ Omsorgsenheten	5,5	2,7	2,8
T2 2018	MH STJ Omsorgsenheten	4,1	3,0	1,1
## 445-448
T1 2020	MH STJ Barn o familjeenheten	5,2	3,1	2,1
T2 2020	MH STJ Barn o familjeenheten	4,7	2,1	2,6
T2 2019	MH STJ Barn o familjeenheten	4,2	2,6	1,6
T2 2018	MH STJ Barn o familjeenheten	4,3	2,4	1,9
"""


def num(s):
    s = s.strip().replace("\u00a0", " ")
    if s in ("", "-"):
        return None
    s = s.replace("%", "").replace(" ", "").replace(",", ".")
    return float(s)


def rcsv(name):
    with open(os.path.join(D, name), encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    out = []
    for r in rows[1:]:
        assert len(r) == len(rows[0]), (name, r)
        d = {}
        for k, v in zip(rows[0], r):
            try:
                d[k] = num(v)
            except ValueError:
                d[k] = v
        out.append(d)
    return out


def rnd(x, n=0):
    m = 10 ** n
    return math.floor(abs(x) * m + 0.5 + 1e-9) / m * (1 if x >= 0 else -1)


def fmt(x, n=0, pct=False):
    if x is None:
        return ""
    v = rnd(x, n)
    s = f"{abs(v):.{n}f}".replace(".", ",")
    ip, _, dp = s.partition(",")
    g = ""
    while len(ip) > 3:
        g = " " + ip[-3:] + g
        ip = ip[:-3]
    s = ip + g + ("," + dp if dp else "")
    s = ("-" if v < 0 else "") + s
    return s + (" %" if pct else "")


seed = {}
for line in PRINTED.splitlines():
    if line.startswith("## "):
        continue
    cells = line.split("\t")
    seed.setdefault(cells[0], []).append([c.strip() for c in cells[1:]])


def printed(label, occurrence=0):
    return seed[label][occurrence]


ok, bad, base_bad = [], [], []


def cmp(table, row, column, computed, text, derived=True):
    if computed != text:
        (bad if derived else base_bad).append((table, row, column, text, computed))
    else:
        ok.append((table, row, column))


def base(table, row, columns, values, text_cells, n=0, pct=False):
    for c, v, t in zip(columns, values, text_cells):
        cmp(table, row, c, fmt(v, n, pct), t.replace("%", " %").replace("  ", " ") if pct else t, False)


# ---- T001-01 Statsbidrag: Totalt = column sums.
rows = rcsv("statsbidrag.csv")
cols = ["forvantat", "erhallet_t1", "erhallet_t2"]
for r in rows:
    base("T001-01", r["bidrag"], cols, [r[c] for c in cols], printed(r["bidrag"]))
for i, c in enumerate(cols):
    cmp("T001-01", "Totalt", c, fmt(sum(r[c] for r in rows)), printed("Totalt")[i])

# ---- T001-02..04 indicators: Måluppfyllelse = utfall 2020 / mål 2020 * 100.
with open(os.path.join(D, "indikatorer.json"), encoding="utf-8") as f:
    ind = json.load(f)["indikatorer"]
for r in ind:
    p = printed(r["indikator"])
    t = "T001-0" + {"2.2": "2", "2.3": "3", "2.4": "4"}[r["mal"]]
    base(t, r["id"], ["utfall_2019", "utfall_2020", "mal_2020"], [r["utfall_2019"], r["utfall_2020"], r["mal_2020"]], p[:3], pct=True)
    cmp(t, r["id"], "maluppfyllelse", fmt(r["utfall_2020"] / r["mal_2020"] * 100, 0, True), p[3])

# ---- T001-05 (base only).
for r in rcsv("dygnsvard.csv"):
    p = printed(r["kategori"])
    base("T001-05", r["kategori"], ["t1", "t2", "ack"], [r["t1_2020"], r["t2_2020"], r["ack_jan_aug"]], [x if x != "-" else "" for x in p])

# ---- T001-06, 08, 09, 11, 12: avvikelse = utfall - budget; prognosavvikelse = prognos - budget helår.
files = {"barn": "barn_unga.csv", "vuxna": "vuxna.csv", "sol": "insatser_sol.csv", "lss": "insatser_lss.csv",
         "resor": "turbundna_resor.csv"}
eko = [dict(r, omrade=omr) for omr, name in files.items() for r in rcsv(name)]
sums = {"barn": "Summa barn och unga", "vuxna": "Summa", "sol": "Insatser enligt SoL", "lss": "Insatser LSS", "resor": None}
tid = {"barn": "T001-06", "vuxna": "T001-08", "sol": "T001-09", "lss": "T001-11", "resor": "T001-12"}
for omr, sumlabel in sums.items():
    rs = [r for r in eko if r["omrade"] == omr]
    t = tid[omr]
    for r in rs:
        p = printed(r["insats"])
        base(t, r["insats"], ["utfall", "budget", "prognos", "budget_helar"], [r["utfall"], r["budget"], r["prognos"], r["budget_helar"]], [p[0], p[1], p[3], p[4]])
        cmp(t, r["insats"], "avvikelse", fmt(r["utfall"] - r["budget"]), p[2])
        cmp(t, r["insats"], "prognosavvikelse", fmt(r["prognos"] - r["budget_helar"]), p[5])
    if sumlabel:
        p = printed(sumlabel)
        s = {c: sum(r[c] for r in rs) for c in ["utfall", "budget", "prognos", "budget_helar"]}
        for i, c in [(0, "utfall"), (1, "budget"), (3, "prognos"), (4, "budget_helar")]:
            cmp(t, sumlabel, c, fmt(s[c]), p[i])
        cmp(t, sumlabel, "avvikelse", fmt(s["utfall"] - s["budget"]), p[2])
        cmp(t, sumlabel, "prognosavvikelse", fmt(s["prognos"] - s["budget_helar"]), p[5])

# ---- T001-07 (base only).
for r in rcsv("utredningar.csv"):
    p = printed(r["matt"])
    cols = ["kv1_2020", "kv2_2020", "kv1_2019", "kv2_2019", "utfall_2019", "utfall_2018"]
    base("T001-07", r["matt"], cols, [r[c] for c in cols], p + [""] * (6 - len(p)))

# ---- T001-10 Hemtjänst.
ht = rcsv("hemtjanst.csv")
for r in ht:
    r["kunder"] = r["utan_tid"] + r["med_tid"]
    r["snitt_manad"] = r["timmar"] / r["med_tid"]
    r["snitt_dag"] = r["timmar"] / r["med_tid"] / r["dagar"]
    r["tim_dag"] = r["timmar"] / r["dagar"]


def ht_row(label, v):
    p = printed(label)
    cells = [("kunder", 0, False), ("utan_tid", 0, False), ("med_tid", 0, False), ("timmar", 0, False),
             ("snitt_manad", 2, False), ("andel_utfort", 0, True), ("snitt_dag", 2, False), ("tim_dag", 0, False)]
    for i, (c, n, pct) in enumerate(cells):
        text = p[i].replace("%", " %").replace("  ", " ") if pct else p[i]
        derived = c not in ("utan_tid", "med_tid", "timmar", "andel_utfort") or label.startswith(("Utfall", "Prognos för"))
        cmp("T001-10", label, c, fmt(v.get(c), n, pct), text, derived)


for r in ht:
    ht_row(r["manad"], r)


def mean_row(members):
    out = {}
    for c in ["kunder", "utan_tid", "med_tid", "timmar", "snitt_manad", "andel_utfort", "snitt_dag", "tim_dag"]:
        xs = [m[c] for m in members if m[c] is not None]
        out[c] = sum(xs) / len(xs) if xs else None
    return out


ht_row("Utfall T1 medel", mean_row(ht[0:4]))
ht_row("Utfall T2 medel", mean_row(ht[4:8]))
year = ht[0:8] + [ht[8]] * 4
y = mean_row(year)
y["timmar"] = sum(m["timmar"] for m in year)
y["snitt_manad"] = y["timmar"] / 12 / y["med_tid"]
y["snitt_dag"] = y["timmar"] / sum(m["dagar"] for m in year) / y["med_tid"]
y["tim_dag"] = y["timmar"] / sum(m["dagar"] for m in year)
y["andel_utfort"] = None
ht_row("Prognos för hela året", y)

# ---- T001-13 (base only).
for r in rcsv("lss_volym.csv"):
    cols = ["t1_2020", "t2_2020", "t1_2019", "t2_2019", "ar_2019", "ar_2018", "okt_2019", "okt_2018", "okt_2017"]
    base("T001-13", r["insats"], cols, [r[c] for c in cols], printed(r["insats"]))

# ---- T001-14: the unit row is the sum.
kf = rcsv("kf_beslut.csv")
for r in kf:
    base("T001-14", r["post"], ["kf_beslut"], [r["kf_beslut"]], printed(r["post"]))
cmp("T001-14", "Barn och familjenheten", "kf_beslut", fmt(sum(r["kf_beslut"] for r in kf)), printed("Barn och familjenheten")[0])

# ---- T001-15: netto = intäkter + kostnader; deviations; Summa.
vs = rcsv("verksamheter.csv")


def t15(label, v):
    p = next(x for x in seed[label] if len(x) == 10)  # "Summa" is also a row label in T001-08
    un = v["utfall_intakter"] + v["utfall_kostnader"]
    bn = v["budget_intakter"] + v["budget_kostnader"]
    cells = [("utfall_intakter", v["utfall_intakter"]), ("utfall_kostnader", v["utfall_kostnader"]), ("utfall_netto", un),
             ("budget_intakter", v["budget_intakter"]), ("budget_kostnader", v["budget_kostnader"]), ("budget_netto", bn),
             ("budget_avvikelse", un - bn), ("budget_helar", v["budget_helar"]), ("prognos_helar", v["prognos_helar"]),
             ("prognos_avvikelse", v["prognos_helar"] - v["budget_helar"])]
    for i, (c, x) in enumerate(cells):
        derived = label == "Summa" or c in ("utfall_netto", "budget_netto", "budget_avvikelse", "prognos_avvikelse")
        cmp("T001-15", label, c, fmt(x), p[i], derived)


for r in vs:
    t15(r["verksamhet"], r)
t15("Summa", {c: sum(r[c] for r in vs) for c in vs[0] if c != "verksamhet"})

# ---- T001-16, T001-17: Tot = kort + lång.
sj = rcsv("sjukfranvaro.csv")
occurrence = {}
for r in sj:
    # The period labels repeat between the two tables: find the printed row by period and unit.
    p = next(x for x in seed[r["period"]] if x[0] == r["enhet"])
    t = "T001-16" if "Omsorg" in r["enhet"] else "T001-17"
    base(t, r["period"] + " " + r["enhet"], ["kort", "lang"], [r["kort"], r["lang"]], p[2:4], n=1)
    cmp(t, r["period"] + " " + r["enhet"], "tot", fmt(r["kort"] + r["lang"], 1), p[1])

print("TRANSCRIPTION ERRORS (base values that differ from the seed):", len(base_bad))
for b in base_bad:
    print("  ", b)
print("MISMATCHES (derived cells: table, row, column, printed, computed):", len(bad))
for b in bad:
    print("   %s | %s | %s | %s | %s" % b)
print("agree:", len(ok))

# ---- Copies of the same figure in two tables (each table keeps its own base values).
print("CROSS-TABLE (figure: T001-15 row vs sum of the detail table):")
def area(omr_list):
    rs = [r for r in eko if r["omrade"] in omr_list]
    return {c: sum(r[c] for r in rs) for c in ["utfall", "budget", "prognos", "budget_helar"]}
for label, omr in [("Barn och unga", ["barn"]), ("Vuxna 21-64 år", ["vuxna"]), ("Personer med funktionsnedsättning", ["sol", "lss", "resor"])]:
    v = next(r for r in vs if r["verksamhet"] == label)
    a = area(omr)
    un = v["utfall_intakter"] + v["utfall_kostnader"]
    bn = v["budget_intakter"] + v["budget_kostnader"]
    for name, x, y in [("Utfall netto", un, a["utfall"]), ("Budget netto", bn, a["budget"]),
                       ("Budget-avvikelse", un - bn, a["utfall"] - a["budget"]),
                       ("Budget helår", v["budget_helar"], a["budget_helar"]), ("Prognos", v["prognos_helar"], a["prognos"]),
                       ("Prognos avvikelse", v["prognos_helar"] - v["budget_helar"], a["prognos"] - a["budget_helar"])]:
        if fmt(x) != fmt(y):
            print("   %s | %s | T001-15 %s | detail tables %s" % (label, name, fmt(x), fmt(y)))
