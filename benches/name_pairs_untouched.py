#!/usr/bin/env python3
"""Builds a third, untouched set of labelled name pairs (round 7) from parts
of ../shared/data that benches/name_pairs_dev.py never reads, for scoring
only: nobody tunes on it and its errors are not listed.

    python3 benches/name_pairs_untouched.py [--shared ../shared/data] [--out benches/data]

writes benches/data/name_pairs_untouched.tsv (not committed: CC BY-SA,
GPL-2.0 and WMT sources).

What is new here (each pair is also checked against every pair of the
earlier sets; a Cyrillic name or settlement the earlier sets used is
skipped, except as the second name of a hard negative whose first name is
new):

* the German and French sides of NTREX-128 and FLORES-200 (the earlier sets
  read only en/ru/uk): a German or French spelling of a Slavic name aligned
  to its Russian or Ukrainian word in the same sentence, paired with the
  English spelling of that sentence or with a standard romanisation;
* nine iuliia tables the earlier sets never apply (ISO 9:1968 and its
  variant, GOST 52290, GOST 7034, BS 2979 variant, Mosmetro, Yandex Money,
  MVD 310 French, GOST 16876 variant) and four Ukrainian standards written
  here from their published tables (ISO 9:1995, ALA-LC, GOST 7.79 B,
  national 1996), on corpus names no earlier set used;
* the settlement-alias list after the 2,700 settlements the earlier sets
  read: one place's spellings (same) and different places one letter apart
  whose consonants differ (different);
* hard negatives: the earlier sets' rules (name_pairs_dev.hard_negatives)
  on pairs of unused names, and real corpus names one or two letters apart
  with at least one unused name: the same first letter, not an inflection
  (only the last two letters differ), not only vowels, a soft sign or a
  doubled letter, not one name inside the other, each spelling seen at
  least twice (a spelling seen once is too often a typo of the other).

Built before any round-7 change and scored with the previous binary first;
its errors are not listed while tuning (count categories only).
"""

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import name_pairs_dev as dev  # noqa: E402

UNUSED_RU = ["iso_9_1968", "iso_9_1968_alt", "gost_52290", "gost_7034", "bs_2979_alt",
             "mosmetro", "yandex_money", "mvd_310_fr", "gost_16876_alt"]
UK_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
# ISO 9:1995 (= GOST 7.79 A) for Ukrainian.
UK_ISO9 = dict(zip(UK_LETTERS, [
    "a", "b", "v", "g", "g̀", "d", "e", "ê", "ž", "z", "i", "ì", "ï", "j", "k", "l", "m",
    "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "č", "š", "ŝ", "ʹ", "û", "â"]))
# ALA-LC (Library of Congress) Ukrainian, with tie bars.
UK_ALA = dict(zip(UK_LETTERS, [
    "a", "b", "v", "h", "g", "d", "e", "i͡e", "z͡h", "z", "y", "i", "ï", "ĭ", "k", "l", "m",
    "n", "o", "p", "r", "s", "t", "u", "f", "kh", "t͡s", "ch", "sh", "shch", "ʹ", "i͡u", "i͡a"]))
# GOST 7.79 system B for Ukrainian.
UK_GOST_B = dict(zip(UK_LETTERS, [
    "a", "b", "v", "g", "g`", "d", "e", "ye", "zh", "z", "y`", "i", "yi", "j", "k", "l", "m",
    "n", "o", "p", "r", "s", "t", "u", "f", "x", "cz", "ch", "sh", "shh", "`", "yu", "ya"]))
# The national system of 1996 (before KMU 2010): gh for г, ' for ь.
UK_1996 = dict(zip(UK_LETTERS, [
    "a", "b", "v", "gh", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m",
    "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "'", "iu", "ia"]))
UK_1996_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def earlier(shared, seed):
    """Every pair, Cyrillic word, English word and settlement of the earlier
    sets, and the settlements they did not read (in their shuffled order)."""
    captured = {}
    original = dev.build_more

    def spy(shared_, seed_, old, names, places, ru_schemes, uk):
        captured["places"] = places
        captured["names"] = names
        return original(shared_, seed_, old, names, places, ru_schemes, uk)

    dev.build_more = spy
    pairs, more, _ = dev.build(shared, seed)
    dev.build_more = original
    rows = pairs.rows + more.rows
    used_words = set()
    for a, b, _, _, note, group in rows:
        used_words.update(re.findall(r"[\w'’ʼ-]+", note + " " + group + " " + a + " " + b))
    used_places = {r[5].split(":", 1)[1] for r in rows if r[5].startswith("place:")}
    used_places |= {n for n, _ in captured["places"][:2000]}
    return pairs.seen, used_words, used_places, captured["places"][2000:], captured["names"]


def corpus_names(shared, names):
    """Capitalised Cyrillic words of every text (as the earlier sets collect
    them) with their counts."""
    found = {lang: dict(names[lang]) for lang in names}
    lower = {"ru": set(), "uk": set()}
    for rel, lang in dev.MORE_TEXTS:
        for text in dev.more_sentences(shared, rel, lang):
            for w in dev.WORD.findall(text):
                if w[:1].islower():
                    lower[lang].add(w.lower())
            for w in dev.mid_sentence_caps(text, dev.CYR):
                found[lang][w] = found[lang].get(w, 0) + 1
    return {lang: {w: n for w, n in found[lang].items() if w.lower() not in lower[lang]
                   and len(w) >= 4 and "-" not in w} for lang in found}


def other_sides(shared, cyr_names, used, ru_schemes, uk, pairs):
    """German and French spellings aligned to Cyrillic names (NTREX, FLORES)."""
    german_genitive = re.compile(r"s$")
    for rel in ("multi/ntrex128_newstest2019.en-ru-uk-de-fr.tsv",
                "multi/flores200_devtest.en-ru-uk-de-fr.tsv"):
        for row in dev.read_tsv(shared / "parallel" / rel):
            for lang in ("ru", "uk"):
                cyr = [w for w in dev.mid_sentence_caps(row[lang], dev.CYR)
                       if w in cyr_names[lang] and w not in used]
                if not cyr:
                    continue
                english = {}
                for w in dev.mid_sentence_caps(row["en"], dev.LATIN_WORD):
                    hit = dev.best_match(w, cyr, lang, ru_schemes, uk) if len(w) >= 4 else None
                    if hit and dev.plausible_link(w, hit[1], hit[2]):
                        english[hit[1]] = w
                for side in ("de", "fr"):
                    for w in sorted(set(dev.mid_sentence_caps(row[side], dev.LATIN_WORD))):
                        if len(w) < 4 or w in row["en"] or w in used:
                            continue
                        hit = dev.best_match(w, cyr, lang, ru_schemes, uk)
                        if not hit or not dev.plausible_link(w, hit[1], hit[2]):
                            continue
                        word, spellings = hit[1], hit[2]
                        e = english.get(word)
                        if side == "de" and german_genitive.search(w) and not (
                                e and e.endswith("s")):
                            continue  # a German genitive (Putins), not the name
                        group = f"{lang}:{word}"
                        if e and e != w:
                            pairs.add(w, e, "same", f"{side}-en",
                                      f"{side} {w} vs English {e} ({lang} {word})", group)
                        if w not in spellings:
                            s = sorted(spellings)[hash_pick(w, len(spellings))]
                            pairs.add(w, s, "same", f"{side}-std",
                                      f"{side} {w} vs {lang} {word} ({'/'.join(spellings[s])})",
                                      group)


def two_edit_neighbours(words):
    """Pairs of words at most two edits apart (a deletion on each side of a
    symmetric deletion index)."""
    index = {}
    for w in words:
        lw = w.lower()
        for k in {lw} | {lw[:i] + lw[i + 1:] for i in range(len(lw))}:
            index.setdefault(k, set()).add(w)
    found = set()
    for bucket in index.values():
        ordered = sorted(bucket)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                found.add((a, b))
    return sorted(found)


def hash_pick(word, n):
    return sum(map(ord, word)) % n


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
    seen, used, used_places, places, names = earlier(shared, args.seed)
    rng = random.Random(args.seed * 1000 + 7)

    # The tables: every earlier one plus the unused ones.
    dev.RU_SCHEMES = dev.RU_SCHEMES + UNUSED_RU
    ru_all = dev.load_iuliia(shared)
    ru_new = {k: v for k, v in ru_all.items() if k in UNUSED_RU}
    uk_all = dict(dev.uk_schemes())
    uk_new = {
        "uk-iso9-1995": lambda w: dev.uk_word(UK_ISO9, w),
        "uk-ala-lc": lambda w: dev.uk_word(UK_ALA, w),
        "uk-gost-779-b": lambda w: dev.uk_word(UK_GOST_B, w),
        "uk-national-1996": lambda w: dev.uk_word(UK_1996, w, UK_1996_INITIAL),
    }
    uk_all.update(uk_new)
    dev._CACHE.clear()
    dev._SCHEMES.update(ru=ru_all, uk=uk_all)

    pairs = dev.Pairs()
    pairs.seen = set(seen)
    cyr_names = corpus_names(shared, names)
    fresh = {lang: sorted(w for w in cyr_names[lang] if w not in used) for lang in cyr_names}

    # 1. German and French spellings.
    other_sides(shared, cyr_names, used, ru_all, uk_all, pairs)
    n_sides = len(pairs.rows)

    # 2. An unused standard against any other, on unused names.
    nominative = {"ru": dev.RU_NOMINATIVE, "uk": dev.UK_NOMINATIVE}
    for lang, new_tables in (("ru", ru_new), ("uk", uk_new)):
        words = [w for w in fresh[lang] if nominative[lang].search(w.lower())]
        rng.shuffle(words)
        for word in words[:300]:
            spellings = dev.romanisations(word, lang, ru_all, uk_all)
            table = rng.choice(sorted(new_tables))
            a = (new_tables[table] if lang == "uk" else
                 (lambda w: dev.iuliia_word(new_tables[table], w)))(word)
            others = sorted(s for s in spellings if s != a)
            if others:
                b = rng.choice(others)
                pairs.add(a, b, "same", f"std-{lang}-new",
                          f"{word}: {table} vs {'/'.join(spellings[b])}", f"{lang}:{word}")
    n_std = len(pairs.rows) - n_sides

    # 3. Settlements the earlier sets never read.
    title = lambda s: " ".join(p[:1].upper() + p[1:] for p in s.split(" "))
    plain = re.compile(r"[a-z' -]+")
    aliases_added = 0
    for name, aliases in places:
        if aliases_added >= 800:
            break  # enough: the other kinds would drown in one kind
        if name in used_places or not plain.fullmatch(name):
            continue
        candidates = sorted(a for a in aliases - {name}
                            if a.count(" ") == name.count(" ") and plain.fullmatch(a)
                            and dev.lev(dev.consonants(a), dev.consonants(name))
                            <= max(1, len(dev.consonants(name)) // 3))
        if candidates:
            pairs.add(title(name), title(rng.choice(candidates)), "same", "place-alias",
                      f"settlement {name}", f"place:{name}")
            aliases_added += 1
    single = {n: a for n, a in places if n not in used_places and " " not in n
              and "-" not in n and len(n) >= 5 and plain.fullmatch(n)}
    negatives = 0
    for n, m in dev.one_edit_neighbours(sorted(single)):
        a, b = single[n], single[m]
        if negatives >= 400 or a & b or m in a or n in b or dev.lev(n, m) != 1:
            continue
        if dev.consonants(n) != dev.consonants(m) \
                and not any(dev.lev(x, y) <= 1 for x in a for y in b if (x, y) != (n, m)):
            pairs.add(title(n), title(m), "different", "place-distinct",
                      f"settlements {n} and {m}", f"place:{min(n, m)}")
            negatives += 1

    # Different places two letters apart (the earlier sets took every pair
    # one letter apart): the consonants differ and no other spelling of one
    # place is within two letters of a spelling of the other.
    for n, m in two_edit_neighbours(sorted(single)):
        a, b = single[n], single[m]
        if negatives >= 400 or a & b or m in a or n in b or dev.lev(n, m) != 2:
            continue
        if dev.lev(dev.consonants(n), dev.consonants(m)) >= 1 and not any(
                dev.lev(x, y) <= 2 for x in a for y in b if (x, y) != (n, m)):
            pairs.add(title(n), title(m), "different", "place-distinct-2",
                      f"settlements {n} and {m}", f"place:{min(n, m)}")
            negatives += 1

    # 4. Hard negatives among unused corpus names (both names unused).
    for lang in ("ru", "uk"):
        scratch = dev.Pairs()
        dev.hard_negatives(scratch, rng, cyr_names[lang], lang, ru_all, uk_all)
        for a, b, label, category, note, group in scratch.rows:
            words = note.split()[1::2]  # "{lang} {w} vs {v}"
            if not any(w in used for w in words):
                pairs.add(a, b, label, category, note, group)

        # Names one or two letters apart with at least one name no earlier
        # set used (the earlier sets took one-letter pairs of Slavic-looking
        # names only): not an inflection (only the last letters differ), not
        # only vowels, a soft sign or a doubled letter (variant
        # transcriptions of one foreign name), not one name inside the other.
        # Close in spelling: the same first letter, four letters or more.
        pool = sorted(w for w in cyr_names[lang] if len(w) >= 4)
        fresh_set = set(fresh[lang])
        added = 0
        close = two_edit_neighbours(pool)
        rng.shuffle(close)
        for w, v in close:
            if added >= 300 or (w not in fresh_set and v not in fresh_set):
                continue
            lw, lv = w.lower(), v.lower()
            if lw[0] != lv[0]:
                continue
            if min(cyr_names[lang][w], cyr_names[lang][v]) < 2:
                continue  # a spelling seen once is too often a typo of the other
            d = dev.lev(lw, lv)
            if lw[:-2] == lv[:-2] or lw.startswith(lv) or lv.startswith(lw):
                continue
            if dev.adjective_stem(lw) == dev.adjective_stem(lv) or dev.vowel_variant(lw, lv):
                continue
            squash = lambda x: re.sub(r"(.)\1", r"\1", x.replace("ь", "").replace("ъ", ""))
            cons = lambda x: re.sub(r"[аеёиоуыэюяіїєй]", "", squash(x))
            if cons(lw) == cons(lv) or squash(lw) == squash(lv):
                continue
            sw = rng.choice(sorted(dev.romanisations(w, lang, ru_all, uk_all)))
            sv = rng.choice(sorted(dev.romanisations(v, lang, ru_all, uk_all)))
            before = len(pairs.rows)
            pairs.add(sw, sv, "different", f"distinct-{d}", f"{lang} {w} vs {v}",
                      f"{lang}:{min(w, v)}")
            added += len(pairs.rows) - before

    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "name_pairs_untouched.tsv", "w", encoding="utf-8") as out:
        out.write("# Generated by benches/name_pairs_untouched.py from ../shared/data "
                  "(see the script for sources); do not edit.\n")
        for a, b, label, category, note, _ in pairs.rows:
            out.write(f"{a}\t{b}\t{label}\t{category}\t{note}\n")
    by = {}
    for r in pairs.rows:
        by[(r[3], r[2])] = by.get((r[3], r[2]), 0) + 1
    print(f"untouched: {len(pairs.rows)} pairs (other sides {n_sides}, new standards {n_std}) "
          + ", ".join(f"{c}/{lab} {n}" for (c, lab), n in sorted(by.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
