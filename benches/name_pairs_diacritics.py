#!/usr/bin/env python3
"""Builds a probe of Czech, Slovak, Polish, Turkish and other Central
European names (round 14): each name as the bilingual corpora spell it with
its diacritics (Růžička, Křetínský, Çavuşoğlu, Wałbrzych), the same name as
English copy writes it without them (Ruzicka, Kretinsky, Cavusoglu,
Walbrzych), and a romanisation of the Russian or Ukrainian word the same
sentence aligns it to (Ружичка, Кржетинский, Чавушоглу, Валбжих).

    python3 benches/name_pairs_diacritics.py [--shared ../shared/data] [--out benches/data]

writes benches/data/name_pairs_diacritics_tune.tsv (errors may be read) and
benches/data/name_pairs_diacritics_untouched.tsv (scored only: totals and
categories), split by a hash of the stripped word (about 40 % untouched).
Not committed (CC BY-SA, WMT terms), like the other generated sets.

Why: these names are rare in the earlier sets (round 13 found one in 296
fresh pairs) but a news set about Central Europe or Turkey is full of them.
The diacritics tell which language the name comes from, so the Cyrillic word
can be aligned with the letters' real values (ř = рж, ş = ш, c = дж in
Turkish, ц in Czech); the checker itself only ever sees the Latin spellings.
Sources: the English side of WMT en-ru / en-uk and TICO-19 (names the
translators kept with diacritics) and the German and French sides of
FLORES-200 and NTREX-128 beside their Russian and Ukrainian sides.
"""

import argparse
import hashlib
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import name_pairs_dev as dev  # noqa: E402

SOURCES = [(rel, lang, ("en",)) for rel, lang in dev.BILINGUAL] + [
    ("parallel/multi/ntrex128_newstest2019.en-ru-uk-de-fr.tsv", lang, ("en", "de", "fr"))
    for lang in ("ru", "uk")
] + [
    ("parallel/multi/flores200_devtest.en-ru-uk-de-fr.tsv", lang, ("en", "de", "fr"))
    for lang in ("ru", "uk")
]

# Letters that mark a Czech, Slovak, Polish, Turkish, Hungarian, Romanian or
# South Slavic word (German ä ö ü ß and French é è ç alone do not).
MARKED = set("řčšžěůňťďľĺłąęśźżńćşğıőűțșđ")
WORD = re.compile(r"[A-ZÀ-ÞĀ-ſȘȚ][\w'’-]+")
# What each marked letter is worth in a Russian transcription, for aligning
# only (a loose key: dev.coarse folds it further).
VALUES = [
    ("szcz", "shch"), ("rz", "zh"), ("sz", "sh"), ("cz", "ch"), ("w", "v"),
    ("ř", "rzh"), ("č", "ch"), ("š", "sh"), ("ž", "zh"), ("ě", "e"), ("ů", "u"),
    ("ł", "l"), ("ą", "on"), ("ę", "en"), ("ś", "s"), ("ź", "zh"), ("ż", "zh"),
    ("ń", "n"), ("ć", "ch"), ("ş", "sh"), ("ș", "sh"), ("ț", "ts"), ("ğ", ""),
    ("ı", "y"), ("ö", "e"), ("ü", "yu"), ("ç", "ch"), ("đ", "dzh"), ("ő", "e"),
    ("ű", "yu"),
]


# English copy without the marks: Polish digraphs, the Turkish -oğlu and
# Czech endings with c (Kowalczyk, Brzezinski, Davutoglu, Krejcikova) are
# taken from the English side too.
PLAIN = re.compile(r"(sz|cz|rz|oglu$|c[eo]k$|ck[ay]$|c[ko]va$)")


def turkish(word):
    return any(c in "şğıİ" for c in word) or word.lower().endswith("oğlu")


def value_keys(word):
    keys = {value_key(word)}
    if not MARKED & set(word.lower()):
        keys.add(value_key(word.lower().replace("c", "ç")))
        keys.add(dev.coarse(word))
    return keys


def value_key(word):
    w = word.lower()
    if turkish(word):
        w = w.replace("c", "dzh")
    elif not any(c in "łąęśźżń" for c in w):
        w = re.sub(r"c(?!h)", "ts", w)
    for a, b in VALUES:
        w = w.replace(a, b)
    return dev.coarse(w)


def stripped(word):
    """The word as English copy writes it: the marks dropped, ł and ı as l
    and i, đ as dj."""
    word = word.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("đ", "dj")
    word = word.replace("Đ", "Dj")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def nominative_like(latin, cyr):
    """The aligned Cyrillic word with the case ending the Latin word does not
    have taken off (Kučera / Кучеру -> Кучера, Křetínský / Кржетинскому ->
    Кржетинский, Kubiš / Кубиша -> Кубиш): nominative_of only finds forms
    the texts also have."""
    plain = stripped(latin).lower()
    if plain.endswith("y") and re.search("(ому|ого|ым|ом)$", cyr):
        return re.sub("(ому|ого|ым|ом)$", "ий", cyr)
    if plain.endswith("i") and re.search("[кгх](им|ого|ому)$", cyr):
        return cyr[:-2] + "ий" if cyr.endswith("им") else cyr[:-3] + "ий"
    if plain.endswith("a") and re.search("(ой|ою|ую|[уыиеюі])$", cyr):
        return re.sub("(ой|ою|ую|[уыиеюі])$", "а" if not cyr.endswith(("и", "і")) or cyr[-2] not in "кгхчшжщ" else "а", cyr)
    if plain[-1:] not in "aeiouy" and re.search("(ом|ем|ою|ой|[аяуюеиіы])$", cyr) \
            and not re.search("(ий|ый)$", cyr):
        return re.sub("(ом|ем|ою|ой|[аяуюеиіы])$", "", cyr)
    return cyr


def part_of(group):
    digest = hashlib.sha1(("diacritics14:" + group).encode("utf-8")).digest()
    return "untouched" if digest[0] % 10 < 4 else "tune"


def align(word, cyr_words, lang, ru_schemes, uk):
    keys = value_keys(word)
    key = value_key(word)
    hits = []
    for c in cyr_words:
        spellings = dev.romanisations(c, lang, ru_schemes, uk)
        close = min(dev.lev(k, dev.coarse(s)) for s in spellings for k in keys)
        if close <= max(1, len(key) // 4) and any(dev.coarse(s)[:1] == key[:1] for s in spellings):
            hits.append((close, c))
    hits.sort()
    if len(hits) == 1 or (len(hits) > 1 and hits[0][0] < hits[1][0]):
        return hits[0][1]
    return None


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=here / "data")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--list", action="store_true", help="print the aligned words")
    args = parser.parse_args()
    ru_schemes = dev.load_iuliia(args.shared)
    uk = dev.uk_schemes()
    dev._SCHEMES.update(ru=ru_schemes, uk=uk)
    rng = random.Random(args.seed * 1000 + 14)

    linked = {}
    attested = {"ru": set(), "uk": set()}
    for rel, lang, latin in SOURCES:
        path = args.shared / rel
        if not path.exists():
            continue
        for row in dev.read_tsv(path):
            text = row.get(lang, "")
            cyr_all = dev.CYR.findall(text)
            attested[lang].update(cyr_all)
            cyr = sorted({w for w in cyr_all if len(w) >= 3})
            for column in latin:
                for w in set(WORD.findall(row.get(column, ""))):
                    if len(w) < 3 or w.endswith(("'s", "’s")) or w.isupper():
                        continue
                    if not MARKED & set(w.lower()) and not (
                            column == "en" and len(w) >= 4 and PLAIN.search(w.lower())):
                        continue
                    hit = align(w, cyr, lang, ru_schemes, uk)
                    if hit is not None:
                        counts = linked.setdefault((w, lang), {})
                        counts[hit] = counts.get(hit, 0) + 1

    pairs = dev.Pairs()
    for (w, lang), counts in sorted(linked.items()):
        form = sorted(counts, key=lambda c: (-counts[c], len(c), c))[0]
        word = nominative_like(w, dev.nominative_of(form, attested[lang]))
        if args.list:
            print(w, lang, form, word, file=sys.stderr)
        spellings = dev.romanisations(word, lang, ru_schemes, uk)
        spelling = rng.choice(sorted(spellings))
        plain = stripped(w)
        group = f"w:{plain}"
        marked = plain != w
        for latin, how in ((w, "with diacritics" if marked else "English"), (plain, "stripped")):
            if latin == spelling or (how == "stripped" and plain == w):
                continue
            pairs.add(latin, spelling, "same", "conventional",
                      f"{how} {latin} vs {lang} {word} ({'/'.join(spellings[spelling])})", group)

    dev.write_tune_untouched(pairs, args.out, "diacritics", "name_pairs_diacritics.py", part_of)


if __name__ == "__main__":
    main()
