#!/usr/bin/env python3
"""tmkit against its peers on the same text, in the same run.

Transliterates the same text as `benches/translit.rs` (Russian side of WMT
newstest 2012-2022, Ukrainian side of WMT22 general test) with iuliia 0.13.0,
translitua 2.0 and the tmkit CLI (release build, `--file`, output to
/dev/null), alternating runs so both see the same machine load. Prints the
median of 5 runs, wall clock and CPU time, in characters per second, and the
ratio. The peers' output goes to benches/data/translit-<scheme>.peer.txt for
`benches/translit_agreement.py`.

Setup: python3 -m venv benches/.venv && benches/.venv/bin/pip install -r benches/requirements-translit.txt
       cargo build --release
Run:   nice benches/.venv/bin/python benches/translit_peers.py
"""
import csv
import os
import resource
import statistics
import subprocess
import sys
import time

import iuliia
import translitua

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARALLEL = os.path.join(ROOT, "..", "shared", "data", "parallel")
OUT = os.path.join(ROOT, "benches", "data")
TMKIT = os.path.join(ROOT, "target", "release", "tmkit")


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tmkit(scheme, path):
    wall, cpu = time.perf_counter(), children_cpu()
    subprocess.run([TMKIT, "translit", "--scheme", scheme, "--file", path],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - wall, children_cpu() - cpu


def column(path, name):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row[name] for row in reader]


def main():
    os.makedirs(OUT, exist_ok=True)
    ru = column(os.path.join(PARALLEL, "en-ru", "wmt_newstest2012-2022.en-ru.tsv"), "ru")
    uk = column(os.path.join(PARALLEL, "en-uk", "wmt_generaltest2022.en-uk.tsv"), "uk")
    ru_text = "\n".join(ru) + "\n"
    uk_text = "\n".join(uk) + "\n"
    for name, text in (("ru", ru_text), ("uk", uk_text)):
        with open(os.path.join(OUT, f"translit-{name}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    peers = [
        ("wikipedia", "ru", lambda t: iuliia.WIKIPEDIA.translate(t)),
        ("bgn-pcgn", "ru", lambda t: iuliia.BGN_PCGN.translate(t)),
        ("icao", "ru", lambda t: iuliia.ICAO_DOC_9303.translate(t)),
        ("uk-kmu-2010", "uk", lambda t: translitua.translit(t)),
    ]
    chars = {"ru": len(ru_text), "uk": len(uk_text)}
    print(f"ru: {chars['ru']:,} chars, uk: {chars['uk']:,} chars; median of 5 runs, M chars/s")
    print(f"{'scheme':12} {'peer wall':>9} {'peer cpu':>9} {'tmkit wall':>10} {'tmkit cpu':>9} {'ratio (cpu)':>11}")
    for scheme, lang, fn in peers:
        text = ru_text if lang == "ru" else uk_text
        path = os.path.join(OUT, f"translit-{lang}.txt")
        peer_wall, peer_cpu, ours_wall, ours_cpu = [], [], [], []
        output = None
        for _ in range(5):
            wall, cpu = time.perf_counter(), time.process_time()
            output = fn(text)
            peer_wall.append(time.perf_counter() - wall)
            peer_cpu.append(time.process_time() - cpu)
            wall, cpu = run_tmkit(scheme, path)
            ours_wall.append(wall)
            ours_cpu.append(cpu)
        rate = lambda seconds: chars[lang] / statistics.median(seconds) / 1e6
        print(f"{scheme:12} {rate(peer_wall):9.2f} {rate(peer_cpu):9.2f} {rate(ours_wall):10.2f} "
              f"{rate(ours_cpu):9.2f} {rate(ours_cpu) / rate(peer_cpu):10.1f}x")
        with open(os.path.join(OUT, f"translit-{scheme}.peer.txt"), "w", encoding="utf-8") as f:
            f.write(output)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
