#!/usr/bin/env python3
"""Speed of `tmkit align` on 1,000 article pairs, beside hunalign and NLTK.

Builds from NTREX-128 (../shared/data/segmentation/ntrex) 1,000 ru->en article
pairs: each pair is two NTREX articles (two paragraphs) in perturbed variants
(merges and cuts as in align_eval.py, a different seed per copy), about 30
sentences a side, 30,000 in all; and 100 pairs of 10x longer articles (twenty
articles as paragraphs of one file). The machine is shared, so CPU seconds
(user + system) are reported beside wall time. Then
times, median of --runs runs:

* tmkit raw text: `tmkit align --pairs LIST --lang ru:en -o out.tsv --format tsv`
  (segmentation included), peak RSS from /usr/bin/time;
* tmkit --lines, hunalign -batch (no dictionary) and NLTK align_blocks on the
  same lines (one sentence per line).

Usage: benches/.venv-align/bin/python benches/align_speed.py --tmkit target/release/tmkit \
           --hunalign /tmp/hunalign/src/hunalign/hunalign
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_eval import NTREX, load_docs, perturb  # noqa: E402

HERE = Path(__file__).resolve().parent


def timed(cmd):
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of a command."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed: {proc.stderr[-2000:]}")
    user, system, rss = proc.stderr.strip().splitlines()[-1].split()
    return seconds, float(user) + float(system), int(rss)


def write_set(root, articles):
    """articles: list of (src_units, tgt_units) per file, paragraphs as lists."""
    for sub in ["src", "tgt", "src-lines", "tgt-lines"]:
        (root / sub).mkdir(parents=True, exist_ok=True)
    rows, batch, sentences = [], [], [0, 0]
    for k, (src_paras, tgt_paras) in enumerate(articles):
        name = f"{k:04d}.txt"
        (root / "src" / name).write_text("\n\n".join(" ".join(p) for p in src_paras) + "\n", encoding="utf-8")
        (root / "tgt" / name).write_text("\n\n".join(" ".join(p) for p in tgt_paras) + "\n", encoding="utf-8")
        sl = [s for p in src_paras for s in p]
        tl = [s for p in tgt_paras for s in p]
        sentences[0] += len(sl)
        sentences[1] += len(tl)
        (root / "src-lines" / name).write_text("\n".join(sl) + "\n", encoding="utf-8")
        (root / "tgt-lines" / name).write_text("\n".join(tl) + "\n", encoding="utf-8")
        rows.append(f"src/{name}\ttgt/{name}")
        batch.append(f"{root}/src-lines/{name}\t{root}/tgt-lines/{name}\t{root}/out-{name}")
    (root / "pairs.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "pairs-lines.tsv").write_text(
        "\n".join(r.replace("src/", "src-lines/").replace("tgt/", "tgt-lines/") for r in rows) + "\n",
        encoding="utf-8",
    )
    (root / "hunalign.batch").write_text("\n".join(batch) + "\n", encoding="utf-8")
    return sentences


def nltk_time(root, count):
    from nltk.translate.gale_church import align_blocks

    start = time.perf_counter()
    for k in range(count):
        name = f"{k:04d}.txt"
        sl = [max(1, len(s)) for s in (root / "src-lines" / name).read_text(encoding="utf-8").splitlines()]
        tl = [max(1, len(s)) for s in (root / "tgt-lines" / name).read_text(encoding="utf-8").splitlines()]
        try:
            align_blocks(sl, tl)
        except Exception:
            pass
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tmkit", default=str(HERE.parent / "target" / "release" / "tmkit"))
    ap.add_argument("--hunalign", default="/tmp/hunalign/src/hunalign/hunalign")
    ap.add_argument("--out", default=str(HERE / "data" / "align-speed"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json")
    ap.add_argument("--sets", default="normal,long", help="normal (1,000 pairs), long (100 pairs 10x longer)")
    ap.add_argument("--no-nltk", action="store_true", help="skip NLTK (minutes on the long set)")
    args = ap.parse_args()
    ids, docs = load_docs(NTREX)
    out = Path(args.out)
    variants = []
    for copy in range(2000 // len(ids) + 1):
        for doc_id in ids:
            seed = zlib.crc32(f"{doc_id}:ru:{copy}".encode())
            su, tu, _ = perturb(docs[doc_id]["ru"], docs[doc_id]["en"], seed)
            variants.append((su, tu))
    normal = []
    for k in range(1000):
        group = variants[k * 2 : k * 2 + 2]
        normal.append(([g[0] for g in group], [g[1] for g in group]))
    long = []
    for k in range(100):
        group = variants[k * 20 : k * 20 + 20]
        long.append(([g[0] for g in group], [g[1] for g in group]))
    figures = {}
    chosen = [("1000 pairs", normal, "normal"), ("100 pairs, 10x longer", long, "long")]
    for label, articles, key in chosen:
        if key not in args.sets.split(","):
            continue
        root = out / label.split(",")[0].replace(" ", "-") if label == "1000 pairs" else out / "long"
        sentences = write_set(root, articles)
        runs = {"tmkit raw": [], "tmkit --lines": [], "hunalign": [], "nltk": []}
        cpu = {"tmkit raw": [], "tmkit --lines": [], "hunalign": []}
        rss = {"tmkit raw": 0, "tmkit --lines": 0, "hunalign": 0}
        for _ in range(args.runs):
            s, c, m = timed([args.tmkit, "align", "--pairs", str(root / "pairs.tsv"), "--lang", "ru:en",
                             "--format", "tsv", "-o", str(root / "out.tsv")])
            runs["tmkit raw"].append(s)
            cpu["tmkit raw"].append(c)
            rss["tmkit raw"] = max(rss["tmkit raw"], m)
            s, c, m = timed([args.tmkit, "align", "--pairs", str(root / "pairs-lines.tsv"), "--lang", "ru:en",
                             "--lines", "--format", "tsv", "-o", str(root / "out-lines.tsv")])
            runs["tmkit --lines"].append(s)
            cpu["tmkit --lines"].append(c)
            rss["tmkit --lines"] = max(rss["tmkit --lines"], m)
            empty = root / "empty.dic"
            empty.write_text("", encoding="utf-8")
            s, c, m = timed([args.hunalign, "-batch", str(empty), str(root / "hunalign.batch")])
            runs["hunalign"].append(s)
            cpu["hunalign"].append(c)
            rss["hunalign"] = max(rss["hunalign"], m)
            if not args.no_nltk:
                nltk_start = time.process_time()
                runs["nltk"].append(nltk_time(root, len(articles)))
                cpu.setdefault("nltk", []).append(time.process_time() - nltk_start)
        row = {
            "documents": len(articles),
            "source_sentences": sentences[0],
            "target_sentences": sentences[1],
        }
        for system, values in runs.items():
            if not values:
                continue
            row[system] = {
                "median_seconds": round(statistics.median(values), 3),
                "median_cpu_seconds": round(statistics.median(cpu[system]), 3),
                "peak_rss_mib": round(rss.get(system, 0) / 1024, 1) if system in rss else None,
                "ms_per_document": round(1000 * statistics.median(values) / len(articles), 2),
            }
        figures[label] = row
        row["load_average"] = open("/proc/loadavg").read().split()[0]
        print(label, json.dumps(row), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
