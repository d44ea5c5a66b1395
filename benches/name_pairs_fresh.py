#!/usr/bin/env python3
"""Builds a fourth set of labelled name pairs (round 13): English-press
spellings of names beside their Russian or Ukrainian transcription, from the
same bilingual corpora as dev_more/heldout_more but only with English words
no earlier set (dev, heldout, dev_more, heldout_more, untouched) uses.

    python3 benches/name_pairs_fresh.py [--shared ../shared/data] [--out benches/data]

writes benches/data/name_pairs_fresh_tune.tsv (for tuning: its errors may be
read) and benches/data/name_pairs_fresh_untouched.tsv (scored only: totals
and categories), split by a hash of the English word (about 40 % untouched).
Not committed (CC BY-SA, WMT terms), like the earlier sets.

Why these pairs are new: the earlier sets align an English word only to a
Cyrillic word of their name list, which keeps words seen mid-sentence, never
in lower case, of 4+ letters. Here every capitalised Cyrillic word of the
sentence is a candidate (sentence-initial ones, and words whose lower-case
form also occurs, such as Роза or Лидер), while the English word
(capitalised mid-sentence, 4+ letters, as before) must be one that no earlier
set has as an English, German or French side. Alignment, nominative and
plausibility checks are name_pairs_dev's (best_match, nominative_of,
plausible_link), so the labels are made as heldout_more's are.
"""

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import name_pairs_dev as dev  # noqa: E402

SOURCES = dev.BILINGUAL + [
    ("parallel/multi/ntrex128_newstest2019.en-ru-uk-de-fr.tsv", "ru"),
    ("parallel/multi/ntrex128_newstest2019.en-ru-uk-de-fr.tsv", "uk"),
    ("parallel/multi/flores200_devtest.en-ru-uk-de-fr.tsv", "ru"),
    ("parallel/multi/flores200_devtest.en-ru-uk-de-fr.tsv", "uk"),
]
TOKEN = re.compile(r"[\w'’ʼ-]+")


def part_of(group):
    digest = hashlib.sha1(("fresh13:" + group).encode("utf-8")).digest()
    return "untouched" if digest[0] % 10 < 4 else "tune"


def earlier_words(out_dir):
    """The English words of every earlier set: each word of a pair whose
    note names an English, German or French word, and every word of those
    notes (Cyrillic words and standards' names too, which do no harm)."""
    used = set()
    for name in ("dev", "heldout", "dev_more", "heldout_more", "untouched"):
        path = out_dir / f"name_pairs_{name}.tsv"
        if not path.exists():
            sys.exit(f"{path}: run name_pairs_dev.py and name_pairs_untouched.py first")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) >= 5 and re.search(r"\b(English|en|de|fr)\b", fields[4]):
                used.update(TOKEN.findall(" ".join(fields[:2] + fields[4:])))
    return used


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=here / "data")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    shared = args.shared
    if not shared.exists():
        sys.exit(f"{shared}: shared data not found (pass --shared)")
    old, more, _ = dev.build(shared, args.seed)
    seen = set(old.seen) | set(more.seen)
    used = earlier_words(args.out)
    ru_schemes = dev.load_iuliia(shared)
    uk = dev.uk_schemes()
    dev._SCHEMES.update(ru=ru_schemes, uk=uk)
    rng = random.Random(args.seed * 1000 + 13)

    rows = []
    for rel, lang in SOURCES:
        path = shared / rel
        if not path.exists():
            continue
        for row in dev.read_tsv(path):
            rows.append((row.get("en", ""), row.get(lang, ""), lang))

    linked = {"ru": {}, "uk": {}}
    attested = {"ru": set(), "uk": set()}
    for en, text, lang in rows:
        cyr_all = dev.CYR.findall(text)
        attested[lang].update(cyr_all)
        cyr = sorted({w for w in cyr_all if len(w) >= 4})
        en_words = [w for w in dev.mid_sentence_caps(en, dev.LATIN_WORD)
                    if len(w) >= 4 and w not in used
                    and not dev.POSSESSIVE_S.search(w)]
        if not en_words or not cyr:
            continue
        for w in sorted(set(en_words)):
            hit = dev.best_match(w, cyr, lang, ru_schemes, uk)
            if hit is not None and dev.plausible_link(w, hit[1], hit[2]):
                counts = linked[lang].setdefault(w, {})
                counts[hit[1]] = counts.get(hit[1], 0) + 1

    def usual(lang, w):
        counts = linked[lang].get(w)
        if not counts:
            return None
        if len(w) <= 4 and max(counts.values()) < 2:
            return None
        form = sorted(counts, key=lambda c: (-counts[c], len(c), c))[0]
        nominative = dev.nominative_of(form, attested[lang])
        if nominative != form and dev.closeness(w, nominative, lang) >= dev.closeness(w, form, lang):
            nominative = form
        return nominative

    pairs = dev.Pairs()
    pairs.seen = set(seen)
    for w in sorted(set(linked["ru"]) | set(linked["uk"])):
        group = f"en:{w}"
        spelled = []
        for lang in ("ru", "uk"):
            word = usual(lang, w)
            if word is None:
                continue
            spellings = dev.romanisations(word, lang, ru_schemes, uk)
            if w in spellings:
                continue
            spelling = rng.choice(sorted(spellings))
            spelled.append((lang, word, spelling, spellings[spelling]))
            english = w.rstrip("'’")
            pairs.add(english, spelling, "same", "conventional",
                      f"English {english} vs {lang} {word} ({'/'.join(spellings[spelling])})",
                      group)
        if len(spelled) == 2:
            (_, rw, rs, rn), (_, uw, us, un) = spelled
            category = "ru-uk-same-letters" if rw.lower() == uw.lower() else "cross-language"
            pairs.add(rs, us, "same", category,
                      f"{w}: ru {rw} ({'/'.join(rn)}) vs uk {uw} ({'/'.join(un)})", group)

    dev.write_tune_untouched(pairs, args.out, "fresh", "name_pairs_fresh.py", part_of)


if __name__ == "__main__":
    main()
