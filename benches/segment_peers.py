#!/usr/bin/env python3
"""Peers for tmkit's sentence segmentation: pySBD and sentencex.

Two jobs, both on the same data tmkit is measured on:

  eval   Segment every unit of the gold JSONL files with pySBD and sentencex
         and write their segments, one {"segments": [...]} line per gold line,
         to OUT/<peer>/<gold file name>. `tmkit eval segment --predictions
         pysbd=OUT/pysbd ...` then scores them with exactly the same boundary
         definition as tmkit's own rules.

  speed  Throughput in MB/s of tmkit (release binary), pySBD and sentencex on
         the same news text (NTREX-128 + UD documents of one language,
         paragraphs separated by blank lines), measured in one run.

Install the pinned peers first:  pip install -r benches/requirements-segment.txt

  python3 benches/segment_peers.py eval --out benches/data/peers ../shared/data/segmentation/*/*.jsonl
  python3 benches/segment_peers.py speed --tmkit target/release/tmkit --lang en
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

import pysbd
import sentencex

# pySBD has no Ukrainian rules; Russian is the closest it has.
PYSBD_LANGS = {
    "en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl",
    "fa", "nl", "da", "fr", "my", "el", "it", "ja", "de", "kk", "sk",
}
PYSBD_SUBSTITUTE = {"uk": "ru"}


def pysbd_segmenter(lang, clean, cache={}):
    code = lang.split("-")[0].lower()
    code = PYSBD_SUBSTITUTE.get(code, code)
    if code not in PYSBD_LANGS:
        code = "en"
    key = (code, clean)
    if key not in cache:
        cache[key] = pysbd.Segmenter(language=code, clean=clean)
    return cache[key]


def run_pysbd(lang, text, clean=False):
    return [s for s in pysbd_segmenter(lang, clean).segment(text)]


def run_sentencex(lang, text):
    return list(sentencex.segment(lang.split("-")[0].lower(), text))


def cmd_eval(args):
    for path in args.gold:
        name = os.path.basename(path)
        outputs = {peer: [] for peer in ("pysbd", "sentencex")}
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                unit = json.loads(line)
                lang, text = unit["lang"], unit["text"]
                # pySBD's own test cases say whether they need its cleaner.
                clean = bool(unit.get("clean", False))
                outputs["pysbd"].append(run_pysbd(lang, text, clean))
                outputs["sentencex"].append(run_sentencex(lang, text))
        for peer, rows in outputs.items():
            folder = os.path.join(args.out, peer)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
                for segments in rows:
                    out.write(json.dumps({"segments": segments}, ensure_ascii=False) + "\n")
        print(f"{name}: {len(outputs['pysbd'])} units", file=sys.stderr)


def speed_text(shared, lang):
    """NTREX documents and UD documents of `lang`, paragraphs split by blank lines."""
    paragraphs = []
    patterns = [f"ntrex/ntrex128_newstest2019.{lang}.jsonl", f"ud/{lang}_*-dev.jsonl"]
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(shared, "data/segmentation", pattern))):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    paragraphs.append(json.loads(line)["text"].strip())
    return "\n\n".join(paragraphs) + "\n"


def timed(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cmd_speed(args):
    text = speed_text(args.shared, args.lang)
    os.makedirs(args.data, exist_ok=True)
    path = os.path.join(args.data, f"segment_speed_{args.lang}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    size_mb = len(text.encode("utf-8")) / 1e6
    paragraphs = text.split("\n\n")
    results = {}

    def tmkit():
        out = subprocess.run(
            [args.tmkit, "segment", path, "--lang", args.lang],
            check=True, capture_output=True, text=True,
        )
        return out.stdout.count("\n")

    results["tmkit"] = timed(tmkit, args.repeat)
    results["pysbd"] = timed(
        lambda: sum(len(run_pysbd(args.lang, p)) for p in paragraphs), args.repeat)
    results["sentencex"] = timed(
        lambda: sum(len(run_sentencex(args.lang, p)) for p in paragraphs), args.repeat)
    base = results["tmkit"][0]
    print(f"text: {path} ({size_mb:.2f} MB, {len(paragraphs)} paragraphs, lang {args.lang})")
    print(f"{'tool':<10} {'median s':>9} {'MB/s':>8} {'segments':>9} {'tmkit is x faster':>18}")
    for tool, (seconds, count) in results.items():
        print(f"{tool:<10} {seconds:>9.3f} {size_mb / seconds:>8.2f} {count:>9} {seconds / base:>18.1f}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("eval", help="write peer segments for tmkit eval segment --predictions")
    e.add_argument("--out", default=os.path.join(here, "data", "peers"))
    e.add_argument("gold", nargs="+")
    s = sub.add_parser("speed", help="throughput of tmkit, pySBD and sentencex on the same text")
    s.add_argument("--tmkit", default=os.path.join(here, "..", "target", "release", "tmkit"))
    s.add_argument("--lang", default="en")
    s.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    s.add_argument("--data", default=os.path.join(here, "data"))
    s.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    {"eval": cmd_eval, "speed": cmd_speed}[args.command](args)


if __name__ == "__main__":
    main()
