#!/usr/bin/env python3
"""Candidate transliteration pairs for tests/data/name_pairs.tsv.

Romanises real Russian names with the iuliia schema tables (MIT, in
../shared/data/glossary/translit/) -- an implementation independent of
tmkit's own translit module -- and prints pairs of DIFFERENT spellings of the
same name, chosen with a fixed seed. The printed pairs were checked by hand
before they went into name_pairs.tsv (category translit-ru).

    python3 tests/data/name_pairs_candidates.py > /tmp/candidates.tsv
"""
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLES = ROOT.parent / "shared" / "data" / "glossary" / "translit"
if not TABLES.exists():
    TABLES = pathlib.Path("/work/shared/data/glossary/translit")

SCHEMES = [
    "bgn_pcgn", "wikipedia", "icao_doc_9303", "mvd_310", "mvd_310_fr",
    "gost_779_alt", "ala_lc_alt", "scientific", "telegram", "yandex_maps",
    "bs_2979_alt", "ungegn_1987", "gost_52535",
]

NAMES = """Михаил Юрий Александр Евгений Алексей Дмитрий Сергей Фёдор Пётр Наталья
Татьяна Елена Хрущёв Зеленский Кухтин Щербаков Чайковский Горбачёв Ельцин Ющенко
Яковлев Достоевский Соловьёв Литвинов Зюганов Геннадий Борис Андрей Владимир Ксения
Юлия Анастасия Григорий Жуков Цветков Шойгу Лавров Медведев Навальный Евтушенко
Ерофеев Ежов Ягода Юдин Чичерин Жириновский Шевчук Щукин Хабаров Лужков Собянин
Ксенофонтов Эйзенштейн Юсупов Тимофей Вячеслав Илья Дарья Софья Матвей Арсений""".split()


def load(name):
    data = json.loads((TABLES / f"iuliia_{name}.json").read_text(encoding="utf-8"))
    fix = lambda m: {k: v.replace("ё", "ë").replace("Ё", "Ë") for k, v in (m or {}).items()}
    return fix(data["mapping"]), fix(data["prev_mapping"]), fix(data["next_mapping"]), fix(data["ending_mapping"])


def romanise(word, scheme):
    mapping, prev_map, next_map, end_map = scheme
    lower = word.lower()
    stem, ending = lower, ""
    for size in (2, 1):
        if len(lower) > size and lower[-size:] in end_map:
            stem, ending = lower[:-size], end_map[lower[-size:]]
            break
    out = []
    for i, c in enumerate(stem):
        prev = stem[i - 1] if i else ""
        nxt = stem[i + 1] if i + 1 < len(stem) else ""
        if (prev + c) in prev_map:
            out.append(prev_map[prev + c])
        elif (c + nxt) in next_map and nxt:
            out.append(next_map[c + nxt])
        else:
            out.append(mapping.get(c, c))
    text = "".join(out) + ending
    return text[:1].upper() + text[1:]


def main():
    schemes = {name: load(name) for name in SCHEMES}
    rng = random.Random(20261125)
    for name in NAMES:
        spellings = {}
        for scheme_name, scheme in schemes.items():
            spellings.setdefault(romanise(name, scheme), scheme_name)
        distinct = sorted(spellings)
        pairs = [(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:]]
        rng.shuffle(pairs)
        for a, b in pairs[:2]:
            print(f"{a}\t{b}\tsame\ttranslit-ru\t{name}: {spellings[a]} / {spellings[b]}")


if __name__ == "__main__":
    main()
