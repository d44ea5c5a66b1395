#!/usr/bin/env python3
"""Whole-process segmentation throughput on one core (issue 14, item 3):
tmkit against sentencex and pySBD on the same file, in the same run.

Every tool runs as its own process pinned to one core (`taskset -c CORE`),
reads the file, segments it and writes the segments to /dev/null:

  tmkit      tmkit segment FILE --lang L --format tsv   (offsets and text)
  sentencex  this script's `worker`: reads FILE, splits it at blank lines,
             runs sentencex.segment on every paragraph, prints each sentence
  pysbd      the same with pySBD (on the first --pysbd-bytes of FILE only:
             it runs at about 0.1 MB/s, 20 MB would take minutes per run)

Rounds alternate the tools (tmkit, sentencex, pysbd, tmkit, ...) so that
the load of a shared machine falls on all of them alike; the table gives the
median wall time and the median CPU time (user + system) of each, MB/s from
both, and tmkit's ratio to each peer.

  python3 benches/make_segment_corpus.py
  benches/.venv/bin/python benches/segment_throughput.py --tmkit target/release/tmkit \
      benches/data/segment_news_en.txt:en benches/data/segment_news_ru.txt:ru

Install the pinned peers first: pip install -r benches/requirements-segment.txt
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def worker(args):
    """Segments a file with one peer and prints the sentences (timed from outside)."""
    with open(args.file, "rb") as f:
        data = f.read(args.bytes) if args.bytes else f.read()
    text = data.decode("utf-8", errors="ignore")
    if args.bytes:
        # Whole paragraphs only.
        text = text[: text.rfind("\n\n") + 1]
    if args.peer == "sentencex":
        import sentencex

        def segment(p):
            return sentencex.segment(args.lang, p)
    else:
        import pysbd

        segmenter = pysbd.Segmenter(language=args.lang, clean=False)
        segment = segmenter.segment
    out = sys.stdout
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            for sentence in segment(paragraph):
                out.write(sentence.replace("\n", " "))
                out.write("\n")
    out.flush()


def run_once(command):
    """Runs `command` with stdout to /dev/null; returns (wall s, cpu s)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(command, stdout=sink, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(args):
    me = os.path.abspath(__file__)
    pin = ["taskset", "-c", str(args.core)]
    for spec in args.files:
        path, _, lang = spec.rpartition(":")
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(args.pysbd_bytes)
        pysbd_size = len(head[: head.rfind(b"\n\n") + 1])
        tools = {
            "tmkit": ([args.tmkit, "segment", path, "--lang", lang, "--format", args.format], size),
        }
        if args.tmkit_before:
            tools["tmkit-before"] = ([args.tmkit_before, "segment", path, "--lang", lang,
                                      "--format", args.format], size)
        tools |= {
            "sentencex": ([sys.executable, me, "worker", "--peer", "sentencex",
                           "--lang", lang, path], size),
        }
        if args.pysbd_bytes > 0:
            tools["pysbd"] = ([sys.executable, me, "worker", "--peer", "pysbd", "--lang", lang,
                               "--bytes", str(args.pysbd_bytes), path], pysbd_size)
        times = {tool: [] for tool in tools}
        for _ in range(args.repeat):
            for tool, (command, _) in tools.items():
                times[tool].append(run_once(pin + command))
        print(f"\n{path} ({size / 1e6:.2f} MB, lang {lang}); "
              f"{args.repeat} alternating rounds on core {args.core}; pySBD on the first "
              f"{pysbd_size / 1e6:.2f} MB")
        print(f"{'tool':<10} {'wall s':>8} {'MB/s':>7} {'cpu s':>8} {'MB/s':>7} "
              f"{'tmkit x (wall)':>15} {'tmkit x (cpu)':>14}")
        medians = {}
        for tool, samples in times.items():
            wall = statistics.median(s[0] for s in samples)
            cpu = statistics.median(s[1] for s in samples)
            medians[tool] = (tools[tool][1] / 1e6 / wall, tools[tool][1] / 1e6 / cpu, wall, cpu)
        for tool, (wall_rate, cpu_rate, wall, cpu) in medians.items():
            ratio_wall = medians["tmkit"][0] / wall_rate
            ratio_cpu = medians["tmkit"][1] / cpu_rate
            print(f"{tool:<10} {wall:>8.3f} {wall_rate:>7.1f} {cpu:>8.3f} {cpu_rate:>7.1f} "
                  f"{ratio_wall:>15.2f} {ratio_cpu:>14.2f}")
        sys.stdout.flush()


def startup(args):
    """Start-up of the CLI: `tmkit segment` on a one-line file and `tmkit
    translit` on one name, each a whole process (median of --startup runs,
    alternating; CPU is user + system of the process). With --tmkit-before
    the other binary runs the same commands in the same rounds."""
    import tempfile

    line = {"en": "Mr. Smith went to Washington. He said hello.\n",
            "ru": "Г-н Смирнов приехал в Москву. Он сказал: привет.\n"}
    pin = ["taskset", "-c", str(args.core)]
    with tempfile.TemporaryDirectory() as tmp:
        commands = {}
        for lang, text in line.items():
            path = os.path.join(tmp, f"small_{lang}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            commands[f"tmkit segment small.txt --lang {lang}"] = [args.tmkit, "segment", path,
                                                                  "--lang", lang]
            if args.tmkit_before:
                commands[f"before: segment small.txt --lang {lang}"] = [
                    args.tmkit_before, "segment", path, "--lang", lang]
        commands["tmkit translit \"Михаил Кухтин\""] = [args.tmkit, "translit", "Михаил Кухтин"]
        if args.tmkit_before:
            commands["before: translit \"Михаил Кухтин\""] = [args.tmkit_before, "translit",
                                                               "Михаил Кухтин"]
        times = {name: [] for name in commands}
        for _ in range(args.startup):
            for name, command in commands.items():
                times[name].append(run_once(pin + command))
    print(f"\nStart-up: {args.startup} alternating runs each on core {args.core}; medians")
    print(f"{'command':<40} {'wall ms':>8} {'cpu ms':>8}")
    for name, samples in times.items():
        wall = statistics.median(s[0] for s in samples) * 1e3
        cpu = statistics.median(s[1] for s in samples) * 1e3
        print(f"{name:<40} {wall:>8.1f} {cpu:>8.1f}")
    sys.stdout.flush()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.argv[1:2] == ["worker"]:
        w = argparse.ArgumentParser(prog="segment_throughput.py worker",
                                    description="segment FILE with one peer, print the sentences")
        w.add_argument("--peer", choices=["sentencex", "pysbd"], required=True)
        w.add_argument("--lang", required=True)
        w.add_argument("--bytes", type=int, default=0)
        w.add_argument("file")
        worker(w.parse_args(sys.argv[2:]))
        return
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tmkit", default=os.path.join(here, "..", "target", "release", "tmkit"))
    parser.add_argument("--tmkit-before", help="another tmkit binary to measure beside it")
    parser.add_argument("--format", default="tsv", choices=["tsv", "json", "text"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--core", type=int, default=0)
    parser.add_argument("--pysbd-bytes", type=int, default=1_000_000,
                        help="pySBD segments only this much of each file (0: leave it out)")
    parser.add_argument("--startup", type=int, default=0, metavar="N",
                        help="also time the CLI's start-up, N runs per command")
    parser.add_argument("files", nargs="+", metavar="FILE:LANG")
    args = parser.parse_args()
    measure(args)
    if args.startup:
        startup(args)


if __name__ == "__main__":
    main()
