#!/bin/sh
# Rebuilds ekonomi.sqlite, the SQLite fixture of the data/ unit tests, from the SQL below.
# Uses python3's sqlite3 module, since the sqlite3 command-line tool may not be installed.
set -eu
cd "$(dirname "$0")"
rm -f ekonomi.sqlite
python3 - <<'PY'
import sqlite3

db = sqlite3.connect("ekonomi.sqlite")
db.executescript("""
CREATE TABLE investering (
  id      INTEGER PRIMARY KEY,
  projekt TEXT NOT NULL,
  budget  INTEGER,
  utfall  REAL
);
INSERT INTO investering VALUES (1, 'Ny förskola', 42000, 38512.5);
INSERT INTO investering VALUES (2, 'Gång- och cykelväg', 5500, NULL);
INSERT INTO investering VALUES (3, 'Reservkraft', 1200, 1375);
""")
db.commit()
db.execute("VACUUM")
db.close()
PY
