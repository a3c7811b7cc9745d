#!/usr/bin/env python3
"""Builds investeringar.sqlite for the tutorial sample (python3's sqlite3, no other tools)."""
import os
import sqlite3

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "investeringar.sqlite")
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("CREATE TABLE investering (projekt TEXT, budget REAL, utfall REAL)")
db.executemany("INSERT INTO investering VALUES (?, ?, ?)", [
    ("Inventarier Vivalla", 1500.0, 1320.5),
    ("Verksamhetssystem", 2800.0, 3105.0),
    ("Larm och passage", 900.0, 412.8),
])
db.commit()
db.close()
