#!/usr/bin/env python3
"""Writes the stress sample (report.xml and data/enheter.csv) from a fixed seed. The output is
committed; run this again only to change the sample. Deterministic: same seed, same files."""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20211123)

SENTENCES = [
    "Nämndens verksamhetsområden har under perioden arbetat med kvalitetsutveckling och kompetensförsörjning.",
    "Förvaltningsorganisationen har genomfört omfattande förändringar inom myndighetsutövningen.",
    "Socialtjänstlagstiftningen ställer krav på rättssäkerhet, tillgänglighet och dokumentation.",
    "Arbetsmiljöförbättringarna fortsätter under hösten, liksom uppföljningen av budgetbeslutet.",
    "Kostnaderna för externa placeringar har minskat jämfört med motsvarande period föregående år.",
    "Antalet vårddygn inom institutionsvården är lägre än budgeterat, medan familjehemsvården ökar.",
    "Digitaliseringsarbetet har gett kortare handläggningstider och färre manuella moment.",
    "Medarbetarundersökningen visar ett högt engagemang men också en ökad arbetsbelastning.",
    "Samverkan med regionen kring barn och unga med psykisk ohälsa har fördjupats.",
    "Prognosen bygger på att det genomsnittliga antalet personer i insats ligger kvar på nuvarande nivå.",
    "Kommunfullmäktiges mål om en ekonomi i balans bedöms uppnås för helåret.",
    "Sjukfrånvaron har minskat något, framför allt den korta sjukfrånvaron under våren.",
    "Försörjningsstödet ökar på grund av fler hushåll med långvarigt behov av stöd.",
    "Verksamheterna har anpassat arbetssätten efter Folkhälsomyndighetens rekommendationer.",
    "Det förebyggande arbetet riktat till unga vuxna har utvecklats i samarbete med skolan.",
]
FOOTNOTES = [
    'Se Socialstyrelsens statistikdatabas, <link href="https://www.socialstyrelsen.se/statistik">socialstyrelsen.se/statistik</link>.',
    "Beräknat som genomsnittet av årets åtta första månader.",
    'Uppgifterna kommer från Kolada, <link href="https://www.kolada.se">kolada.se</link>.',
    "Exklusive kostnader för ensamkommande barn och unga.",
    "Enligt beslut i kommunfullmäktige den 14 juni 2021.",
]
CHAPTERS = ["Sammanfattning", "Verksamhetens utveckling", "Ekonomi", "Personal", "Mål och indikatorer",
            "Kvalitet och uppföljning", "Framtid", "Bilagor och underlag"]
SUBJECTS = ["Barn och unga", "Vuxna", "Äldreomsorg", "Funktionsnedsättning", "Myndighet", "Förebyggande",
            "Eget utförande", "Stödfunktioner", "Ledning", "Samverkan"]


def paragraph(sentences, footnote_every=0):
    words = []
    for k in range(sentences):
        s = rng.choice(SENTENCES)
        if footnote_every and rng.random() < 1 / footnote_every:
            s = s[:-1] + f"<footnote>{rng.choice(FOOTNOTES)}</footnote>."
        words.append(s)
    return "    <p>" + " ".join(words) + "</p>\n"


def nested_lists():
    out = ["    <p>Nämnden prioriterar följande områden under året:</p>\n    <ul>\n"]
    for i in range(4):
        out.append(f"      <li>{SUBJECTS[i]}: {rng.choice(SENTENCES)}\n        <ol>\n")
        for j in range(3):
            out.append(f"          <li>{rng.choice(SENTENCES)}")
            if j == 1:
                out.append("\n            <ul>\n")
                for k in range(2):
                    out.append(f"              <li>{SUBJECTS[(i + k + 3) % len(SUBJECTS)]}</li>\n")
                out.append("            </ul>\n          ")
            out.append("</li>\n")
        out.append("        </ol>\n      </li>\n")
    out.append("    </ul>\n")
    return "".join(out)


def table():
    return """    <p>Tabellen nedan redovisar samtliga enheter. Avvikelsen är budget minus utfall: ett positivt
      värde är ett överskott.</p>
    <table source="enheter" key="enhet" caption="Budget och utfall per enhet, tkr">
      <columns>
        <column field="omrade" header="Område" merge="true"/>
        <column field="enhet" header="Enhet"/>
        <column field="budget" header="Budget" format="int"/>
        <column field="utfall" header="Utfall" format="int"/>
        <column name="avvikelse" header="Avvikelse" expr="budget - utfall" format="int"/>
        <column name="procent" header="Avvikelse %" expr="avvikelse / abs(budget) * 100" format="pct1"/>
      </columns>
      <total label="Summa enheter"/>
    </table>
"""


def write_data():
    lines = ["omrade;enhet;budget;utfall"]
    for i in range(1, 151):
        area = SUBJECTS[(i - 1) // 15]
        budget = rng.randint(800, 60000)
        outcome = budget + rng.randint(-budget // 8, budget // 8)
        lines.append(f"{area};Enhet {i:03d};{budget:,};{outcome:,}".replace(",", " "))
    with open(os.path.join(HERE, "data", "enheter.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def write_report():
    out = ["""<?xml version="1.0" encoding="UTF-8"?>
<!-- The stress sample (issue 4): a two-page TOC, a six-page chapter of justified text with
     footnotes, nested lists and a 150-row table over several pages. Written by generate.py. -->
<report lang="sv" layout="default">
  <meta>
    <title>Stressprov för sidbrytning</title>
    <author>Testnämnden</author>
    <date>2021-11-23</date>
  </meta>
  <data>
    <csv name="enheter" file="data/enheter.csv" separator=";"/>
  </data>
  <cover>
    <line style="cover-title">{meta.title}</line>
    <line style="cover-subtitle">{meta.author}</line>
  </cover>
  <toc depth="3"/>
"""]
    for c, chapter in enumerate(CHAPTERS, start=1):
        out.append(f'  <section title="{chapter}">\n')
        out.append(paragraph(3))
        for s in range(1, 9):
            subject = SUBJECTS[(c + s) % len(SUBJECTS)]
            out.append(f'    <section title="{subject} {c}.{s}">\n')
            if c == 2:  # the long chapter of justified text with footnotes
                for _ in range(4):
                    out.append(paragraph(rng.randint(5, 8), footnote_every=9).replace("    <p>", "      <p>"))
            elif c == 3 and s == 1:
                out.append(table())
            elif c == 4 and s == 1:
                out.append(nested_lists())
            else:
                out.append(paragraph(2).replace("    <p>", "      <p>"))
            if s <= 2 and c != 2:
                out.append(f'      <section title="Fördjupning {c}.{s}.1">\n')
                out.append(paragraph(2).replace("    <p>", "        <p>"))
                out.append("      </section>\n")
            out.append("    </section>\n")
        out.append("  </section>\n")
    out.append("</report>\n")
    with open(os.path.join(HERE, "report.xml"), "w", encoding="utf-8") as f:
        f.write("".join(out))


write_data()
write_report()
