#!/usr/bin/env python3
"""Builds labelled name pairs for `tmkit eval names` from real sources in
../shared/data, split into a dev part and a held-out part.

    python3 benches/name_pairs_dev.py [--shared ../shared/data] [--out benches/data]

writes benches/data/name_pairs_dev.tsv and benches/data/name_pairs_heldout.tsv
(benches/data/ is not committed: the sources are CC BY-SA, GPL-2.0 and WMT
terms, so the pairs are generated where they are used, never bundled).

Where the pairs come from (nothing here is written by the team or taken from
tmkit's own tables):

* real Cyrillic names: capitalised words in the middle of Russian and
  Ukrainian sentences of the parallel corpora (NTREX-128, FLORES-200, WMT,
  TICO-19) that never occur in lower case;
* romanisations of those names by the iuliia tables in
  ../shared/data/glossary/translit (independent of tmkit; the Cyrillic ё
  those tables write for ë is repaired) and by three Ukrainian tables written
  here from the published standards (KMU 2010, BGN/PCGN 1965, scholarly);
* typographic variants of one standard: apostrophe, right single quote,
  modifier prime, prime and backtick for ь/ъ; combining vs precomposed
  diacritics; ALA-LC with and without tie bars;
* cross-language and conventional pairs aligned through the English side of
  NTREX/FLORES (the English spelling, the Russian and the Ukrainian word of
  the same sentence);
* the settlement-alias list (one place, several spellings) and, as hard
  negatives, different settlements whose names differ in their consonants;
* hard negatives among the corpus names: different surnames one or two
  letters apart (Фролов/Орлов), masculine/feminine forms, names derived with a
  suffix (patronymics, -ов/-енко), romanised with random standards.

The split is by name: every pair built from one Cyrillic word (or one
settlement) goes to the same part, chosen by a hash, so the held-out part has
names the dev part never shows. About 30 % is held out.
"""

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

CYR = re.compile(r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?")
LATIN_WORD = re.compile(r"[A-Z][a-z'’-]+")
WORD = re.compile(r"[\w'’ʼ-]+")

RU_SCHEMES = [
    "wikipedia", "bgn_pcgn", "bgn_pcgn_alt", "icao_doc_9303", "mvd_310", "mvd_782",
    "gost_52535", "gost_779", "gost_779_alt", "ala_lc", "ala_lc_alt", "scientific",
    "bs_2979", "ungegn_1987", "telegram", "yandex_maps", "gost_16876", "iso_9_1954",
]

# Ukrainian tables from the published standards (KMU 2010 = Resolution 55 of
# the Cabinet of Ministers, 27.01.2010; BGN/PCGN 1965; the scholarly system).
UK_KMU = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l",
     "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
     "iu", "ia"]))
UK_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
UK_BGN = dict(UK_KMU, **{"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ь": "’"})
UK_SCHOLARLY = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    ["a", "b", "v", "h", "g", "d", "e", "je", "ž", "z", "y", "i", "ji", "j", "k", "l",
     "m", "n", "o", "p", "r", "s", "t", "u", "f", "x", "c", "č", "š", "šč", "ʹ",
     "ju", "ja"]))


def load_iuliia(shared):
    schemes = {}
    for name in RU_SCHEMES:
        path = shared / "glossary" / "translit" / f"iuliia_{name}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        fix = lambda v: (v or "").replace("ё", "ë").replace("Ё", "Ë")
        schemes[name] = {
            "mapping": {k: fix(v) for k, v in (data.get("mapping") or {}).items()},
            "prev": {k: fix(v) for k, v in (data.get("prev_mapping") or {}).items()},
            "next": {k: fix(v) for k, v in (data.get("next_mapping") or {}).items()},
            "ending": {k: fix(v) for k, v in (data.get("ending_mapping") or {}).items()},
        }
    return schemes


def case_like(source, out):
    if not out:
        return out
    if source.isupper() and len(source) > 1:
        return out.upper()
    if source[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def iuliia_word(scheme, word):
    lower = word.lower()
    stem, ending = lower, ""
    for k, v in scheme["ending"].items():
        if len(lower) > len(k) and lower.endswith(k):
            stem, ending = lower[: -len(k)], v
            break
    out = []
    for i, c in enumerate(stem):
        prev = stem[i - 1] if i > 0 else ""
        nxt = stem[i + 1] if i + 1 < len(stem) else ""
        if prev + c in scheme["prev"] and (prev or i == 0):
            t = scheme["prev"][prev + c]
        elif c + nxt in scheme["next"]:
            t = scheme["next"][c + nxt]
        else:
            t = scheme["mapping"].get(c, c)
        out.append(case_like(word[i], t) if i == 0 else t)
    return "".join(out) + ending


def uk_word(table, word, initial=None):
    out = []
    lower = word.lower()
    for i, c in enumerate(lower):
        if c in "'’ʼ":
            continue
        if initial and i == 0 and c in initial:
            t = initial[c]
        elif table is UK_KMU and c == "г" and i > 0 and lower[i - 1] == "з":
            t = "gh"
        else:
            t = table.get(c, c)
        out.append(t)
    text = "".join(out)
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


def uk_schemes():
    return {
        "uk-kmu-2010": lambda w: uk_word(UK_KMU, w, UK_KMU_INITIAL),
        "uk-bgn-pcgn": lambda w: uk_word(UK_BGN, w, UK_KMU_INITIAL),
        "uk-scholarly": lambda w: uk_word(UK_SCHOLARLY, w),
    }


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        for row in reader:
            if len(row) == len(header):
                yield dict(zip(header, row))


def mid_sentence_caps(text, pattern):
    """Capitalised words not at the start of a sentence."""
    found = []
    for m in pattern.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?:«\"“„(—–-":
            continue
        found.append(m.group(0))
    return found


def collect(shared):
    """Mid-sentence capitalised Cyrillic words per language, lower-case
    vocabulary, and aligned (en, ru, uk) sentence triples."""
    names = {"ru": {}, "uk": {}}
    lower = {"ru": set(), "uk": set()}
    triples = []
    sources = [
        ("multi/ntrex128_newstest2019.en-ru-uk-de-fr.tsv", ("ru", "uk")),
        ("multi/flores200_devtest.en-ru-uk-de-fr.tsv", ("ru", "uk")),
        ("en-ru/wmt_newstest2012-2022.en-ru.tsv", ("ru",)),
        ("en-ru/tico19-test.en-ru.tsv", ("ru",)),
        ("en-uk/wmt_generaltest2022.en-uk.tsv", ("uk",)),
    ]
    for rel, langs in sources:
        path = shared / "parallel" / rel
        if not path.exists():
            continue
        for row in read_tsv(path):
            for lang in langs:
                text = row.get(lang, "")
                for w in WORD.findall(text):
                    if w[:1].islower():
                        lower[lang].add(w.lower())
                for w in mid_sentence_caps(text, CYR):
                    names[lang][w] = names[lang].get(w, 0) + 1
            if "ru" in row and "uk" in row and "en" in row:
                triples.append((row["en"], row["ru"], row["uk"]))
    for lang in names:
        names[lang] = {
            w: n for w, n in names[lang].items()
            if w.lower() not in lower[lang] and len(w) >= 4 and "-" not in w
        }
    return names, triples


RU_NOMINATIVE = re.compile(
    r"(ов|ев|ёв|ин|ын|ский|цкий|ской|енко|ко|ук|юк|чук|ич|ий|ей|ай|ова|ева|ина|ская|цкая|ия|ья|ан|ян|ер|ор|ел|ль|им|ат|ид|ём)$")
UK_NOMINATIVE = re.compile(
    r"(ов|ев|ів|їв|ин|ський|цький|енко|ко|ук|юк|чук|ич|ій|ей|ай|ова|ева|іна|ина|ська|цька|ія|ан|ян|ер|ор|ло|ль|им|ат|ид|ро)$")


# Endings that mark a Slavic surname or place name (for the aligned pairs and
# the hard negatives, so that transcriptions of foreign names stay out).
SLAVIC = re.compile(
    r"(ов|ев|ёв|ин|ын|ский|цкий|ской|енко|ко|ук|юк|чук|ич|ович|евич|ова|ева|ина|ская|цкая"
    r"|ів|їв|ський|цький|ська|цька|івка|овка|евка|ськ|ск|поль|піль|град|город|ово|еве|ове)$")


def fold_latin(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c) and c.isalpha())
    return s


def coarse(s):
    """A deliberately loose key for aligning words across languages."""
    s = fold_latin(s)
    for a, b in [("kh", "h"), ("zh", "z"), ("sh", "s"), ("ch", "c"), ("ts", "c"),
                 ("x", "h"), ("g", "h"), ("w", "v"), ("j", "i"), ("y", "i"),
                 ("e", "i"), ("o", "i"), ("u", "i"), ("a", "i")]:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def consonants(s):
    return re.sub(r"[aeiouy]", "", coarse(s))


def one_edit_neighbours(words):
    """Pairs of words at most one edit apart, found through a symmetric
    deletion index instead of comparing every pair."""
    index = {}
    for w in words:
        lw = w.lower()
        keys = {lw} | {lw[:i] + lw[i + 1:] for i in range(len(lw))}
        for k in keys:
            index.setdefault(k, set()).add(w)
    found = set()
    for bucket in index.values():
        if len(bucket) > 1:
            ordered = sorted(bucket)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    found.add((a, b))
    return sorted(found)


def adjective_stem(word):
    """Стем of an adjectival name (Ленинградский / Ленинградской → ленинградск)."""
    return re.sub(r"(ск|цк)(ий|ой|ая|ую|ого|ому|им|ом|ие|их|ими|ій|а|е|у)$", r"\1", word)


def vowel_variant(a, b):
    """Two Cyrillic spellings that differ only as е/э/ё, и/ы/й or а/я do in
    transcriptions of one foreign name (Хеллоуин / Хэллоуин)."""
    if len(a) != len(b):
        return False
    groups = ["еэё", "иыйі", "ая", "оё"]
    return all(x == y or any(x in g and y in g for g in groups) for x, y in zip(a, b))


class Pairs:
    def __init__(self):
        self.rows = []
        self.seen = set()

    def add(self, a, b, label, category, note, group):
        if not a or not b or a == b or "\t" in a + b:
            return
        key = tuple(sorted((a, b)))
        if key in self.seen:
            return
        self.seen.add(key)
        self.rows.append((a, b, label, category, note, group))


def part_of(group):
    digest = hashlib.sha1(group.encode("utf-8")).digest()
    return "heldout" if digest[0] % 10 < 3 else "dev"


def write_tune_untouched(pairs, out_dir, name, script, part_of):
    """Writes `pairs` as name_pairs_{name}_tune.tsv and _untouched.tsv, split
    by `part_of(group)`, and prints each part's size by category."""
    header = (f"# Generated by benches/{script} from ../shared/data "
              "(see the script for sources); do not edit.\n")
    for part in ("tune", "untouched"):
        chosen = [r for r in pairs.rows if part_of(r[5]) == part]
        with open(out_dir / f"name_pairs_{name}_{part}.tsv", "w", encoding="utf-8") as out:
            out.write(header)
            for a, b, label, category, note, _ in chosen:
                out.write(f"{a}\t{b}\t{label}\t{category}\t{note}\n")
        by = {}
        for r in chosen:
            by[r[3]] = by.get(r[3], 0) + 1
        print(f"{name}_{part}: {len(chosen)} pairs "
              + ", ".join(f"{c} {n}" for c, n in sorted(by.items())), file=sys.stderr)


_CACHE = {}


def romanisations(word, lang, ru_schemes, uk):
    key = (word, lang)
    if key not in _CACHE:
        _CACHE[key] = _romanisations(word, lang, ru_schemes, uk)
    return _CACHE[key]


def _romanisations(word, lang, ru_schemes, uk):
    out = {}
    if lang == "ru":
        for name, scheme in ru_schemes.items():
            out.setdefault(iuliia_word(scheme, word), []).append(name)
    else:
        for name, fn in uk.items():
            out.setdefault(fn(word), []).append(name)
    return out


def best_match(w, words, lang, ru_schemes, uk):
    """The one Cyrillic word of a sentence whose romanisations are close to
    the English word w (loose key, same last letter), or None when there is
    none or no clear best."""
    hits = []
    for c in words:
        spellings = romanisations(c, lang, ru_schemes, uk)
        close = min(lev(coarse(w), coarse(s)) for s in spellings)
        last = lambda x: fold_latin(x)[-1:].replace("y", "i")
        ends = any(last(s) == last(w) for s in spellings)
        if close <= max(1, len(coarse(w)) // 4) and ends:
            hits.append((close, c, spellings))
    hits.sort(key=lambda h: h[0])
    if len(hits) == 1 or (len(hits) > 1 and hits[0][0] < hits[1][0]):
        return hits[0]
    return None


def typographic(spelling, rng):
    """Typographic variants of one spelling: other marks for ь/ъ, combining
    diacritics, no tie bars."""
    variants = []
    marks = ["'", "’", "ʹ", "′", "`", "ʼ"]
    for mark in marks:
        if mark in spelling:
            other = rng.choice([m for m in marks if m != mark])
            variants.append((spelling.replace(mark, other), f"{mark!r} written as {other!r}"))
    decomposed = unicodedata.normalize("NFD", spelling)
    if decomposed != spelling and "\u0361" not in spelling:
        variants.append((decomposed, "combining diacritics"))
    if "\u0361" in spelling:
        variants.append((spelling.replace("\u0361", ""), "without tie bar"))
    return variants


def hard_negatives(pairs, rng, lang_names, lang, ru_schemes, uk, new=None):
    """Different names one letter apart (Фролов/Орлов), masculine/feminine
    forms and derived names (patronymics, -ов/-енко) among the capitalised
    words of one language; with `new`, only pairs with a word from `new`."""
    words = sorted(w for w in lang_names if SLAVIC.search(w.lower()))
    for w, v in one_edit_neighbours(words):
        if len(v) < len(w):
            w, v = v, w
        lw, lv = w.lower(), v.lower()
        category = None
        if lv.startswith(lw):
            tail = lv[len(lw):]
            if tail == "а" and re.search(r"(ов|ев|ёв|ин|ын|ів)$", lw):
                category = "gender"
            else:
                continue  # a case ending or an unclear suffix
        elif lw[:-1] == lv[:-1] or adjective_stem(lw) == adjective_stem(lv):
            continue  # differ only in the ending: likely inflection
        elif lw.replace("ь", "") == lv.replace("ь", ""):
            continue  # a soft sign written or not: a spelling variant
        elif not vowel_variant(lw, lv):
            category = "distinct"
        if category is None:
            continue
        sw = rng.choice(list(romanisations(w, lang, ru_schemes, uk)))
        sv = rng.choice(list(romanisations(v, lang, ru_schemes, uk)))
        pairs.add(sw, sv, "different", category, f"{lang} {w} vs {v}",
                  f"{lang}:{min(w, v)}")
    # Derived names (patronymics, -ов/-енко from a given name or a noun).
    present = set(words) | set(lang_names)
    for w in sorted(lang_names):
        if new is not None and w not in new:
            continue
        for tail in ("ов", "ев", "ин", "енко", "ко", "ович", "евич", "овна", "евна", "ук", "чук"):
            base = w[: -len(tail)] if w.lower().endswith(tail) else None
            for candidate in ([base, base + "а", base + "ь", base + "й"] if base else []):
                if candidate and len(candidate) >= 3 and candidate in present and candidate != w:
                    sw = rng.choice(list(romanisations(w, lang, ru_schemes, uk)))
                    sv = rng.choice(list(romanisations(candidate, lang, ru_schemes, uk)))
                    pairs.add(sv, sw, "different", "derived", f"{lang} {candidate} vs {w}",
                              f"{lang}:{min(w, candidate)}")


def add_standard_pairs(pairs, words, lang, ru_schemes, uk, rng):
    """For each Cyrillic word: two of its romanisations by different
    standards (same), and one typographic variant of each romanisation."""
    for word in words:
        spellings = romanisations(word, lang, ru_schemes, uk)
        distinct = list(spellings)
        if len(distinct) >= 2:
            a, b = rng.sample(distinct, 2)
            pairs.add(a, b, "same", f"std-{lang}",
                      f"{word}: {'/'.join(spellings[a])} vs {'/'.join(spellings[b])}",
                      f"{lang}:{word}")
        for spelling in distinct:
            for variant, how in typographic(spelling, rng):
                pairs.add(spelling, variant, "same", "typographic",
                          f"{word} ({'/'.join(spellings[spelling])}): {how}",
                          f"{lang}:{word}")
                break


def build(shared, seed):
    rng = random.Random(seed)
    ru_schemes = load_iuliia(shared)
    uk = uk_schemes()
    names, triples = collect(shared)
    pairs = Pairs()

    # 1. One real name by two standards, and typographic variants.
    for lang, nominative in (("ru", RU_NOMINATIVE), ("uk", UK_NOMINATIVE)):
        words = sorted(w for w in names[lang] if nominative.search(w.lower()))
        rng.shuffle(words)
        add_standard_pairs(pairs, words[:260], lang, ru_schemes, uk, rng)

    # 2. Cross-language and conventional spellings aligned through English.
    aligned = 0
    for en, ru, uk_text in triples:
        en_words = [w for w in mid_sentence_caps(en, LATIN_WORD) if len(w) >= 4]
        ru_words = [w for w in mid_sentence_caps(ru, CYR) if w in names["ru"]]
        uk_words = [w for w in mid_sentence_caps(uk_text, CYR) if w in names["uk"]]
        for w in sorted(set(en_words)):  # sorted: set order changes between runs
            r = best_match(w, ru_words, "ru", ru_schemes, uk)
            u = best_match(w, uk_words, "uk", ru_schemes, uk)
            if r is None or u is None:
                continue
            aligned += 1
            r_spelling = rng.choice(list(r[2]))
            u_spelling = rng.choice(list(u[2]))
            group = f"en:{w}"
            same_letters = r[1].lower() == u[1].lower()
            category = "ru-uk-same-letters" if same_letters else "cross-language"
            pairs.add(r_spelling, u_spelling, "same", category,
                      f"{w}: ru {r[1]} ({'/'.join(r[2][r_spelling])}) vs uk {u[1]} "
                      f"({'/'.join(u[2][u_spelling])})", group)
            if w not in r[2] and w not in u[2]:
                other = rng.choice([r_spelling, u_spelling])
                pairs.add(w, other, "same", "conventional",
                          f"English {w} vs {'ru ' + r[1] if other == r_spelling else 'uk ' + u[1]}",
                          group)

    # 3. Settlement aliases: one place, several spellings; different places
    #    whose names differ in their consonants are hard negatives.
    path = shared / "glossary" / "names" / "warreport_ua_settlement_aliases.csv"
    places = []
    if path.exists():
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = row["name"].strip()
                aliases = {a.strip() for a in row["aliases"].split(";") if a.strip()}
                places.append((name, aliases))
    title = lambda s: " ".join(p[:1].upper() + p[1:] for p in s.split(" "))
    rng.shuffle(places)
    for name, aliases in places[:700]:
        if not re.fullmatch(r"[a-z' -]+", name):
            continue
        candidates = sorted(a for a in aliases - {name}
                            if a.count(" ") == name.count(" ") and re.fullmatch(r"[a-z' -]+", a)
                            # a spelling, not a renaming: consonants mostly shared
                            and lev(consonants(a), consonants(name)) <= max(1, len(consonants(name)) // 3))
        if candidates:
            alias = rng.choice(candidates)
            pairs.add(title(name), title(alias), "same", "place-alias",
                      f"settlement {name}", f"place:{name}")
    single = {n: a for n, a in places if " " not in n and "-" not in n and len(n) >= 5}
    negatives = 0
    for n, m in one_edit_neighbours(sorted(single)):
        a, b = single[n], single[m]
        if negatives >= 320 or a & b or m in a or n in b or lev(n, m) != 1:
            continue
        if consonants(n) != consonants(m) \
                and not any(lev(x, y) <= 1 for x in a for y in b if (x, y) != (n, m)):
            pairs.add(title(n), title(m), "different", "place-distinct",
                      f"settlements {n} and {m}", f"place:{min(n, m)}")
            negatives += 1

    # 4. Hard negatives among real surnames and given names of the corpora.
    for lang in ("ru", "uk"):
        hard_negatives(pairs, rng, names[lang], lang, ru_schemes, uk)
    more = build_more(shared, seed, pairs, names, places[700:], ru_schemes, uk)
    return pairs, more, aligned


MORE_TEXTS = [
    # (path under ../shared/data, language columns or None for UD jsonl)
    ("segmentation/ud/ru_gsd-dev.jsonl", "ru"),
    ("segmentation/ud/ru_taiga-dev.jsonl", "ru"),
    ("segmentation/ud/uk_iu-dev.jsonl", "uk"),
    ("parallel/en-ru/tatoeba-test-v2021-08-07.en-ru.tsv", "ru"),
    ("parallel/en-uk/tatoeba-test-v2021-08-07.en-uk.tsv", "uk"),
]
BILINGUAL = [
    ("parallel/en-ru/wmt_newstest2012-2022.en-ru.tsv", "ru"),
    ("parallel/en-ru/tico19-test.en-ru.tsv", "ru"),
    ("parallel/en-ru/tatoeba-test-v2021-08-07.en-ru.tsv", "ru"),
    ("parallel/en-uk/wmt_generaltest2022.en-uk.tsv", "uk"),
    ("parallel/en-uk/tatoeba-test-v2021-08-07.en-uk.tsv", "uk"),
]


def more_sentences(shared, rel, lang):
    path = shared / rel
    if not path.exists():
        return
    if rel.endswith(".jsonl"):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for sentence in json.loads(line).get("sentences") or []:
                    yield sentence
    else:
        for row in read_tsv(path):
            yield row.get(lang, "")


POSSESSIVE_S = re.compile(r"['’]s$")

# Oblique-case endings of Russian and Ukrainian nouns (longest first) and
# the nominative endings their stem takes instead.
OBLIQUE = [
    ("ией", ("ия",)), ("ии", ("ия",)), ("ию", ("ия",)), ("ом", ("", "о")), ("ем", ("ь", "й", "")),
    ("ей", ("я", "а")), ("ой", ("а",)), ("ою", ("а",)), ("ею", ("я",)), ("е", ("", "а", "я")),
    ("у", ("", "а")), ("ю", ("ь", "я", "й")), ("а", ("",)), ("я", ("ь", "й")), ("ы", ("а",)),
    ("и", ("а", "я", "ь")),
]


def nominative_of(word, attested):
    """The nominative of a case form when the texts have it (Иерусалимом →
    Иерусалим, Ассамблеей → Ассамблея), else the word itself."""
    lower = word.lower()
    for ending, tails in OBLIQUE:
        if not lower.endswith(ending) or len(lower) - len(ending) < 3:
            continue
        stem = word[: len(word) - len(ending)]
        for tail in tails:
            if stem + tail in attested:
                return stem + tail
        return word
    return word


def closeness(english, cyrillic, lang):
    """How far the English word is from the nearest romanisation of the
    Cyrillic word, in plain letters (smaller is closer)."""
    spellings = romanisations(cyrillic, lang, _SCHEMES["ru"], _SCHEMES["uk"])
    return min(lev(fold_latin(english), fold_latin(s)) for s in spellings)


_SCHEMES = {}


CASE_ENDING = re.compile(r"(ии|ої|ой|ого|ему|ому|ым|им|ом|ем|ую|ей|ах|ям|ами|ів|ою)$")


def plausible_link(en, cyr, spellings):
    """Guards on an English word aligned to a Cyrillic word, so that the
    label "same" holds: the same first sound (Royal is not Поль), and no
    case ending the English word does not also have (Italy is not Италии)."""
    first = coarse(en)[:1]
    if not any(coarse(s)[:1] == first for s in spellings):
        return False
    if CASE_ENDING.search(cyr.lower()):
        return any(coarse(s)[-2:] == coarse(en)[-2:] for s in spellings)
    return True


def build_more(shared, seed, old, names, places, ru_schemes, uk):
    """The second, larger pair set (round 5): sources the first set does not
    read (UD Russian GSD/Taiga and Ukrainian IU text, Tatoeba, the bilingual
    en-ru/en-uk corpora aligned word by word, the settlements after the
    first 700). Its own random stream, so the first set stays as it was;
    pairs already in the first set are skipped; the same split by name."""
    rng = random.Random(seed * 1000 + 5)
    _SCHEMES.update(ru=ru_schemes, uk=uk)
    pairs = Pairs()
    pairs.seen = old.seen
    ru_uk = {"ru": RU_NOMINATIVE, "uk": UK_NOMINATIVE}

    # New Cyrillic names: capitalised mid-sentence words never in lower case.
    found = {"ru": {}, "uk": {}}
    lower = {"ru": set(), "uk": set()}
    for rel, lang in MORE_TEXTS:
        for text in more_sentences(shared, rel, lang):
            for w in WORD.findall(text):
                if w[:1].islower():
                    lower[lang].add(w.lower())
            for w in mid_sentence_caps(text, CYR):
                found[lang][w] = found[lang].get(w, 0) + 1
    new = {}
    for lang in found:
        new[lang] = {w for w in found[lang]
                     if w not in names[lang] and w.lower() not in lower[lang]
                     and len(w) >= 4 and "-" not in w}

    # 1. Other standards and typographic variants of the new names.
    for lang in ("ru", "uk"):
        words = sorted(w for w in new[lang] if ru_uk[lang].search(w.lower()))
        rng.shuffle(words)
        add_standard_pairs(pairs, words[:400], lang, ru_schemes, uk, rng)

    # 2. English spellings against Cyrillic names of the bilingual corpora:
    #    each English word aligned to one Cyrillic word of its sentence; the
    #    Russian and Ukrainian words of one English name make cross-language
    #    pairs.
    all_names = {lang: set(names[lang]) | new[lang] for lang in names}
    linked = {"ru": {}, "uk": {}}
    # Every capitalised Cyrillic word of the bilingual texts, short ones too:
    # where an aligned word is a case form, its nominative is usually here.
    attested = {"ru": set(), "uk": set()}
    for rel, lang in BILINGUAL:
        path = shared / rel
        if not path.exists():
            continue
        for row in read_tsv(path):
            en, text = row.get("en", ""), row.get(lang, "")
            attested[lang].update(CYR.findall(text))
            en_words = [w for w in mid_sentence_caps(en, LATIN_WORD) if len(w) >= 4]
            cyr = [w for w in mid_sentence_caps(text, CYR) if w in all_names[lang]]
            if not en_words or not cyr:
                continue
            for w in sorted(set(en_words)):
                hit = best_match(w, cyr, lang, ru_schemes, uk)
                if hit is not None and plausible_link(w, hit[1], hit[2]):
                    counts = linked[lang].setdefault(w, {})
                    counts[hit[1]] = counts.get(hit[1], 0) + 1
    def usual(lang, w):
        counts = linked[lang].get(w)
        if not counts:
            return None
        if len(w) <= 4 and max(counts.values()) < 2:
            return None  # a short word linked once is too often a coincidence
        # the nominative: the form seen most often, ties to the shortest
        form = sorted(counts, key=lambda c: (-counts[c], len(c), c))[0]
        # ...and when that form is a case form of a word the texts also have
        # (Иерусалимом of Иерусалим, Ассамблеей of Ассамблея, Риме of Рим),
        # the label is about the nominative: the English word has no case.
        nominative = nominative_of(form, attested[lang])
        # ...only when the nominative is the closer spelling of the English
        # word (Adam is Адам, not a case form of Ад).
        if nominative != form and closeness(w, nominative, lang) >= closeness(w, form, lang):
            nominative = form
        if nominative != form:
            relabelled.append((w, form, nominative))
        return nominative
    relabelled, dropped = [], []
    for w in sorted(set(linked["ru"]) | set(linked["uk"])):
        r, u = usual("ru", w), usual("uk", w)
        group = f"en:{w}"
        spelled = []
        for lang, word in (("ru", r), ("uk", u)):
            if word is None:
                continue
            spellings = romanisations(word, lang, ru_schemes, uk)
            if w in spellings:
                continue
            spelling = rng.choice(list(spellings))
            spelled.append((lang, word, spelling, spellings[spelling]))
            # An English possessive is no part of the name: a Cyrillic word
            # aligned to Gaza's or Martinez's matched the possessive s, so it
            # is another word (Хамас, Маринерс) or a case form; the pair is
            # dropped (after the random draw, so the rest of the set stays as
            # it was). A bare trailing apostrophe (Rogers') is only removed.
            if POSSESSIVE_S.search(w):
                dropped.append(w)
                continue
            english = w.rstrip("'’")
            pairs.add(english, spelling, "same", "conventional",
                      f"English {english} vs {lang} {word} ({'/'.join(spellings[spelling])})",
                      group)
        if r is not None and u is not None and len(spelled) == 2:
            (_, rw, rs, rn), (_, uw, us, un) = spelled
            category = "ru-uk-same-letters" if rw.lower() == uw.lower() else "cross-language"
            pairs.add(rs, us, "same", category,
                      f"{w}: ru {rw} ({'/'.join(rn)}) vs uk {uw} ({'/'.join(un)})", group)

    print(f"more: {len(relabelled)} aligned case forms replaced by their nominative "
          f"({', '.join(f'{w}: {a} -> {b}' for w, a, b in relabelled[:8])}); "
          f"{len(dropped)} pairs of English possessives dropped ({', '.join(dropped[:8])})",
          file=sys.stderr)

    # 3. More settlements: aliases, and different places two letters apart
    #    whose consonants differ.
    title = lambda s: " ".join(p[:1].upper() + p[1:] for p in s.split(" "))
    for name, aliases in places[:2000]:
        if not re.fullmatch(r"[a-z' -]+", name):
            continue
        candidates = sorted(a for a in aliases - {name}
                            if a.count(" ") == name.count(" ") and re.fullmatch(r"[a-z' -]+", a)
                            and lev(consonants(a), consonants(name)) <= max(1, len(consonants(name)) // 3))
        if candidates:
            alias = rng.choice(candidates)
            pairs.add(title(name), title(alias), "same", "place-alias",
                      f"settlement {name}", f"place:{name}")

    # 4. Hard negatives with at least one new name.
    for lang in ("ru", "uk"):
        hard_negatives(pairs, rng, all_names[lang], lang, ru_schemes, uk, new=new[lang])
    return pairs


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=here / "data")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    if not args.shared.exists():
        sys.exit(f"{args.shared}: shared data not found (pass --shared)")
    pairs, more, aligned = build(args.shared, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    header = ("# Generated by benches/name_pairs_dev.py from ../shared/data "
              "(see the script for sources); do not edit.\n")
    counts = {}
    for suffix, rows_of in (("", pairs), ("_more", more)):
        for part in ("dev", "heldout"):
            rows = [r for r in rows_of.rows if part_of(r[5]) == part]
            with open(args.out / f"name_pairs_{part}{suffix}.tsv", "w", encoding="utf-8") as out:
                out.write(header)
                for a, b, label, category, note, _ in rows:
                    out.write(f"{a}\t{b}\t{label}\t{category}\t{note}\n")
            counts[part + suffix] = rows
    for part, rows in counts.items():
        by = {}
        for r in rows:
            by[(r[3], r[2])] = by.get((r[3], r[2]), 0) + 1
        print(f"{part}: {len(rows)} pairs " +
              ", ".join(f"{c}/{l} {n}" for (c, l), n in sorted(by.items())), file=sys.stderr)
    print(f"aligned English names: {aligned}", file=sys.stderr)


if __name__ == "__main__":
    main()
