"""The benchmark's peer side: translate-toolkit parses an XLIFF 1.2 file and
serialises it again (its whole store is in memory), printing unit counts.

    tests/.venv/bin/python benches/xliff_peers.py IN.xlf OUT.xlf
"""
import sys

from translate.storage import xliff

with open(sys.argv[1], "rb") as handle:
    store = xliff.xlifffile(handle.read())
units = [u for u in store.units if not u.isheader()]
targets = sum(1 for u in units if u.target)
with open(sys.argv[2], "wb") as out:
    out.write(bytes(store))
print(f"{len(units)} units, {targets} targets")
