#!/usr/bin/env python3
"""Generate the glossary-check benchmark data (fixed seed, no dependencies).

Writes, under benches/data/ (git-ignored):
  check-glossary-5k.tsv   5,000 entries: 3,000 people (Russian first name +
                          surname, gender, approved English form, some with a
                          deprecated variant), 1,000 places, 1,000 ordinary terms
  check-10k.tsv           10,000 ru<TAB>en segments mentioning 1-3 glossary
                          entries each, names inflected in the Russian; ~4% of
                          the English side drops a name, ~3% misspells one

Usage: python3 benches/make_check_data.py [--segments N] [--entries N]
"""
import argparse
import os
import random

SEED = 20261125

FIRST_M = ["Александр", "Алексей", "Андрей", "Антон", "Борис", "Вадим", "Валерий",
           "Василий", "Виктор", "Виталий", "Владимир", "Владислав", "Вячеслав",
           "Геннадий", "Георгий", "Григорий", "Денис", "Дмитрий", "Евгений", "Егор",
           "Иван", "Игорь", "Илья", "Кирилл", "Константин", "Леонид", "Максим",
           "Михаил", "Никита", "Николай", "Олег", "Павел", "Пётр", "Роман",
           "Руслан", "Сергей", "Станислав", "Степан", "Тимур", "Фёдор", "Юрий", "Ярослав"]
FIRST_F = ["Анна", "Алина", "Валентина", "Вера", "Галина", "Дарья", "Екатерина",
           "Елена", "Ирина", "Ксения", "Людмила", "Марина", "Мария", "Наталья",
           "Нина", "Ольга", "Светлана", "Софья", "Татьяна", "Юлия"]
STEMS = ["Кухт", "Литвин", "Пушил", "Захарч", "Зюган", "Петр", "Соколь", "Волк",
         "Морозь", "Лебед", "Козл", "Новик", "Павл", "Семён", "Голуб", "Виноград",
         "Богдан", "Воробь", "Фёдор", "Михайл", "Белоус", "Тарас", "Беляк", "Комар",
         "Орл", "Андреев", "Макар", "Никит", "Захар", "Зайц", "Соловь", "Борисенк",
         "Яковл", "Григорь", "Романь", "Воробл", "Сергеев", "Кузьмин", "Фролк",
         "Александр", "Дмитрь", "Королёв", "Гусь", "Киселёв", "Ильин", "Максимь",
         "Поляк", "Сорокин", "Виноград", "Ковал", "Бондар", "Ткач", "Кравч", "Олейн",
         "Шевч", "Мельнич", "Гончар", "Руденк", "Кушнир", "Лысенк", "Марченк"]
SUFFIXES = ["ов", "ин", "ев", "ихин", "анов", "ников", "енков", "ицын", "урин", "онов"]
PLACES = ["Донецк", "Луганск", "Горловка", "Макеевка", "Мариуполь", "Краматорск",
          "Славянск", "Дебальцево", "Харьков", "Херсон", "Николаев", "Запорожье",
          "Енакиево", "Торез", "Снежное", "Шахтёрск", "Ясиноватая", "Авдеевка",
          "Волноваха", "Бахмут", "Северодонецк", "Лисичанск", "Алчевск", "Стаханов"]
PLACE_ENDINGS = ["", "ское", "овка", "ино", "ный", "ск", "еево"]
NOUNS = [("соглашение", "agreement"), ("перемирие", "ceasefire"), ("делегация", "delegation"),
         ("конференция", "conference"), ("резолюция", "resolution"), ("гуманитарная помощь", "humanitarian aid"),
         ("линия соприкосновения", "line of contact"), ("наблюдатель", "observer"),
         ("переговоры", "talks"), ("заявление", "statement"), ("комитет", "committee"),
         ("совещание", "meeting"), ("обстрел", "shelling"), ("эвакуация", "evacuation"),
         ("граница", "border"), ("комиссия", "commission"), ("доклад", "report"),
         ("бюджет", "budget"), ("реформа", "reform"), ("выборы", "elections")]
ADJ = [("международный", "international"), ("региональный", "regional"),
       ("временный", "temporary"), ("специальный", "special"), ("народный", "people's"),
       ("городской", "city"), ("областной", "regional"), ("военный", "military"),
       ("мирный", "peace"), ("трёхсторонний", "trilateral")]

TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}


def translit(text):
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = TRANSLIT.get(low, ch)
        prev = text[i - 1].lower() if i else " "
        if low == "е" and (prev in " аеёиоуыэюяъь-"):
            latin = "ye"
        if ch != low and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def end_fix(latin):
    # Wikipedia style: -ий/-ый → -y at word ends.
    words = []
    for w in latin.split(" "):
        for a, b in (("iy", "y"), ("yy", "y")):
            if w.endswith(a):
                w = w[: -len(a)] + b
        words.append(w)
    return " ".join(words)


def inflect_first(name, female, case):
    if female:
        stem = name[:-1]
        end = name[-1]
        soft = end == "я"
        table = {"gen": "и" if soft or stem[-1] in "гкхжшчщ" else "ы", "dat": "е", "ins": "ей" if soft else "ой"}
        if name.endswith("ия"):
            table = {"gen": "и", "dat": "и", "ins": "ей"}
        return stem + table[case] if case != "nom" else name
    if case == "nom":
        return name
    if name.endswith("ий"):
        return name[:-2] + {"gen": "ия", "dat": "ию", "ins": "ием"}[case]
    if name.endswith("й"):
        return name[:-1] + {"gen": "я", "dat": "ю", "ins": "ем"}[case]
    if name.endswith("я"):
        return name[:-1] + {"gen": "и", "dat": "е", "ins": "ей"}[case]
    if name.endswith("ь"):
        return name[:-1] + {"gen": "я", "dat": "ю", "ins": "ем"}[case]
    return name + {"gen": "а", "dat": "у", "ins": "ом"}[case]


def inflect_surname(name, female, case):
    if case == "nom":
        return name
    if female:
        return name[:-1] + {"gen": "ой", "dat": "ой", "ins": "ой"}[case]
    return name + {"gen": "а", "dat": "у", "ins": "ым"}[case]


def typo(word, rng):
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(SEED)
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "data")
    os.makedirs(out_dir, exist_ok=True)

    people, places, terms = [], [], []
    seen = set()
    n_people = args.entries * 3 // 5
    while len(people) < n_people:
        female = rng.random() < 0.3
        first = rng.choice(FIRST_F if female else FIRST_M)
        surname = rng.choice(STEMS) + rng.choice(SUFFIXES)
        if female:
            surname += "а"
        if (first, surname) in seen:
            continue
        seen.add((first, surname))
        people.append((first, surname, female))
    seen_places = set()
    while len(places) < args.entries // 5:
        name = rng.choice(PLACES)[:-1] + rng.choice("аеиоу") + rng.choice(PLACE_ENDINGS) + rng.choice(["", "", "ка", "но", "ец"])
        name = name[0].upper() + name[1:]
        if name in seen_places:
            continue
        seen_places.add(name)
        places.append(name)
    seen_terms = set()
    while len(terms) < args.entries - len(people) - len(places):
        noun_ru, noun_en = rng.choice(NOUNS)
        adj_ru, adj_en = rng.choice(ADJ)
        extra = rng.randrange(1000)
        ru = f"{adj_ru} {noun_ru} {extra}"
        if ru in seen_terms:
            continue
        seen_terms.add(ru)
        terms.append((ru, f"{adj_en} {noun_en} {extra}"))

    with open(os.path.join(out_dir, "check-glossary-5k.tsv"), "w", encoding="utf-8") as g:
        g.write("id\tru\ten\tstatus\ttype\tgender\n")
        for i, (first, surname, female) in enumerate(people):
            en = end_fix(translit(f"{first} {surname}"))
            gender = "feminine" if female else "masculine"
            g.write(f"p{i}\t{first} {surname}\t{en}\tpreferred\tperson\t{gender}\n")
            if i % 5 == 0:
                g.write(f"p{i}\t\t{en.replace('y', 'i', 1)}\tdeprecated\t\t\n")
        for i, place in enumerate(places):
            g.write(f"l{i}\t{place}\t{end_fix(translit(place))}\tpreferred\tplace\t\n")
        for i, (ru, en) in enumerate(terms):
            g.write(f"t{i}\t{ru}\t{en}\tpreferred\t\t\n")

    cases = ["nom", "gen", "dat", "ins"]
    verbs = [("встретился с", "met", "ins"), ("поблагодарил", "thanked", "nom_acc"),
             ("передал письмо", "handed a letter to", "dat"), ("выступил против", "spoke against", "gen")]
    dropped = misspelt = 0
    with open(os.path.join(out_dir, "check-10k.tsv"), "w", encoding="utf-8") as out:
        for n in range(args.segments):
            ru_parts, en_parts = [], []
            for _ in range(rng.randint(1, 3)):
                kind = rng.random()
                if kind < 0.6:
                    first, surname, female = rng.choice(people)
                    case = rng.choice(cases)
                    ru = f"{inflect_first(first, female, case)} {inflect_surname(surname, female, case)}"
                    en = end_fix(translit(f"{first} {surname}"))
                    ru_parts.append(f"в заявлении упомянут {ru}" if case == "nom" else f"говорили о встрече с {ru}")
                elif kind < 0.8:
                    place = rng.choice(places)
                    ru_parts.append(f"в районе {place}")
                    en = end_fix(translit(place))
                else:
                    ru_t, en = rng.choice(terms)
                    ru_parts.append(f"обсуждался вопрос «{ru_t}»")
                r = rng.random()
                if r < 0.04:
                    dropped += 1
                    en_parts.append("this was discussed")
                    continue
                if r < 0.07:
                    misspelt += 1
                    words = en.split(" ")
                    words[-1] = typo(words[-1], rng)
                    en = " ".join(words)
                en_parts.append(f"they mentioned {en}")
            out.write(f"Сегодня {', '.join(ru_parts)}.\tToday {', '.join(en_parts)}.\n")
    print(f"wrote {len(people) + len(places) + len(terms)} entries and {args.segments} segments "
          f"({dropped} dropped, {misspelt} misspelt mentions) to {out_dir}")


if __name__ == "__main__":
    main()
