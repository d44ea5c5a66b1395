"""Reads an XLIFF file with translate-toolkit and prints its units as JSON
lines: {"id", "source", "target"} for every translatable unit.

Used by tests/xliff_clients.rs: tests/.venv/bin/python tests/xliff_peers/ttk_read.py FILE
"""
import json
import sys

from translate.storage import xliff

with open(sys.argv[1], "rb") as handle:
    store = xliff.xlifffile(handle.read())
for unit in store.units:
    if unit.isheader():
        continue
    print(json.dumps({
        "id": unit.getid(),
        "source": unit.source,
        "target": unit.target,
    }, ensure_ascii=False))
