#!/usr/bin/env python3
"""Peers for the TMX import benchmark: parse the same file with
lxml.etree.iterparse (reading every segment's text) and with translate-toolkit's
tmxfile; print seconds, units and peak RSS as JSON lines.

    python3 benches/tmx_peers.py benches/data/tm-1m.tmx [--skip-ttk]
Versions are pinned in benches/requirements-tmx.txt.
"""
import json
import resource
import subprocess
import sys
import time


def run_lxml(path):
    from lxml import etree
    start = time.perf_counter()
    units = chars = 0
    for _, elem in etree.iterparse(path, events=("end",), tag="tu"):
        for seg in elem.iter("seg"):
            chars += len("".join(seg.itertext()))
        units += 1
        elem.clear()
        while elem.getprevious() is not None:
            del elem.getparent()[0]
    return time.perf_counter() - start, units


def run_ttk(path):
    from translate.storage import tmx
    start = time.perf_counter()
    with open(path, "rb") as f:
        store = tmx.tmxfile(f)
    units = len(store.units)
    return time.perf_counter() - start, units


def child(which, path):
    seconds, units = {"lxml": run_lxml, "ttk": run_ttk}[which](path)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peer": which, "seconds": round(seconds, 2), "units": units,
                      "peak_rss_mib": round(rss_mib, 1)}))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    path = sys.argv[1]
    peers = ["lxml"] + ([] if "--skip-ttk" in sys.argv else ["ttk"])
    for peer in peers:
        # A fresh process per peer, so peak RSS is that peer's own.
        subprocess.run([sys.executable, __file__, "--child", peer, path], check=True)


if __name__ == "__main__":
    main()
