#!/usr/bin/env python3
"""Probes written for names round 8 (issue 15), beside the evaluation sets of
name_pairs_dev.py and name_pairs_untouched.py. None of them is an evaluation
set: they were read while changing rules, and they say where a rule links
too much or too little.

    python3 benches/name_pairs_dev.py && python3 benches/name_pairs_untouched.py
    python3 benches/name_probes.py      # writes benches/data/probes/*.tsv
    for p in benches/data/probes/*.tsv; do tmkit eval names --pairs $p --format json; done

* tune_alias.tsv: every alias (same filter as the dev sets) of the
  settlements that dev and dev_more use, and as negatives different ones of
  those settlements whose spellings are within two letters (same, different);
* fresh_alias.tsv: aliases of settlements that no evaluation set reads (the
  list after the places the untouched set's alias loop consumed; a place
  with a word any pair file has is skipped);
* negatives_places.tsv: different settlements (of the two files above) whose
  spellings share a consonant skeleton, labelled different (many are one
  name for two villages, so only a change in the count means something);
* negatives_lexicon.tsv: pairs of Latin words with one coarse ru/uk key
  among the surname and first-name lexicon and the dev/dev_more sides;
  negatives_vowels.tsv: one vowel of a lexicon name replaced (a/e, o/u, o/a,
  e/i, u/a, a/o, i/y) — invented near-pairs, labelled different;
* written_en/uk/de/fr.tsv: famous English names, Ukrainian cities and
  villages, German (Duden) and French spellings of Russian and Ukrainian
  names, each beside a transcription or romanisation (general knowledge,
  written for this round; labelled same).
"""
import csv
import glob
import itertools
import random
import re
import sys
from collections import Counter
from pathlib import Path

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
import name_pairs_dev as dev  # noqa: E402
import name_pairs_untouched as untouched  # noqa: E402

WRITTEN = {
    "en": """
Shakespeare/Shekspir;Washington/Vashington;Churchill/Cherchill;Johnson/Dzhonson;Jackson/Dzhekson;Wright/Rait;Knight/Nait;Young/Yang;Murphy/Merfi;Kelly/Kelli;Graham/Grem;Hemingway/Khemingui;Edinburgh/Edinburg;Pittsburgh/Pittsburg;Chicago/Chikago;Phoenix/Finiks;Seattle/Sietl;Houston/Khyuston;Cambridge/Kembridzh;Oxford/Oksford;Brighton/Braiton;Leicester/Lester;Worcester/Vuster;Gloucester/Gloster;Norwich/Norvich;Greenwich/Grinvich;Jones/Dzhouns;Stewart/Styuart;Hewitt/Khyuitt;Boeing/Boing;Google/Gugl;Facebook/Feisbuk;Twitter/Tvitter;Microsoft/Maikrosoft;Jennifer/Dzhennifer;Michelle/Mishel;Catherine/Ketrin;Christopher/Kristofer;Matthew/Metyu;Anthony/Entoni;Joseph/Dzhozef;George/Dzhordzh;Charles/Charlz;Daniel/Deniel;Paul/Pol;Steven/Stiven;Andrew/Endryu;Edward/Edvard;Timothy/Timoti;Jason/Dzheison;Jeffrey/Dzheffri;Ryan/Raian;Jacob/Dzheikob;Jonathan/Dzhonatan;Justin/Dzhastin;Brandon/Brendon;Benjamin/Bendzhamin;Samuel/Semyuel;Frank/Frenk;Raymond/Reimond;Patrick/Patrik;Jack/Dzhek;Jerry/Dzherri;Tyler/Tailer;Henry/Genri;Douglas/Duglas;Nathan/Neitan;Peter/Piter;Kyle/Kail;Walter/Uolter;Harold/Garold;Jeremy/Dzheremi;Keith/Kit;Roger/Rodzher;Gerald/Dzherald;Sean/Shon;Austin/Ostin;Lawrence/Lourens;Jesse/Dzhessi;Bryan/Braian;Bruce/Brius;Wayne/Uein;Ralph/Ralf;Eugene/Yudzhin;Randy/Rendi;Vincent/Vinsent;Russell/Rassel;Bradley/Bredli;Hughes/Khyuz;Thatcher/Tetcher;Blair/Bler;Cameron/Kemeron;Theresa/Tereza;Boris/Boris;Biden/Baiden;Obama/Obama;Clinton/Klinton;Reagan/Reigan;Nixon/Nikson;Kennedy/Kennedi;Eisenhower/Eizenkhauer;Roosevelt/Ruzvelt;Lincoln/Linkoln;Jefferson/Dzhefferson;Madison/Medison;Pence/Pens;Pompeo/Pompeo;Blinken/Blinken;Sullivan/Sallivan;Mattis/Mettis;Bolton/Bolton;Giuliani/Dzhuliani;Manafort/Manafort;Kushner/Kushner;Ivanka/Ivanka;Melania/Melaniya;Hillary/Khillari;Sanders/Sanders;Warren/Uorren;Harris/Kherris;Pelosi/Pelosi;McCarthy/Makkarti;Schumer/Shumer;Graham/Grekhem;Cruz/Kruz;Rubio/Rubio;Haley/Kheili;Romney/Romni;Cheney/Cheini;Rumsfeld/Ramsfeld;Powell/Pauell;Rice/Rais;Kerry/Kerri;Albright/Olbrait;Kissinger/Kissindzher;Brzezinski/Bzhezinski;Merkel/Merkel;Scholz/Sholts;Macron/Makron;Sarkozy/Sarkozi;Truss/Trass;Sunak/Sunak;Starmer/Starmer;Corbyn/Korbin;Farage/Faradzh;Musk/Mask;Zuckerberg/Tsukerberg;Gates/Geits;Jobs/Dzhobs;Bezos/Bezos;Buffett/Baffet;Soros/Soros""",
    "uk": """
Kharkiv/Kharkov;Lviv/Lvov;Mykolaiv/Nikolaev;Zaporizhzhia/Zaporozhye;Dnipro/Dnepr;Kryvyi
Rih/Krivoy
Rog;Chernihiv/Chernigov;Zhytomyr/Zhitomir;Rivne/Rovno;Ternopil/Ternopol;Khmelnytskyi/Khmelnitskiy;Vinnytsia/Vinnitsa;Cherkasy/Cherkassy;Odesa/Odessa;Izmail/Izmail;Sloviansk/Slavyansk;Horlivka/Gorlovka;Makiivka/Makeevka;Yenakiieve/Enakievo;Kostiantynivka/Konstantinovka;Druzhkivka/Druzhkovka;Myrnohrad/Mirnograd;Avdiivka/Avdeevka;Vuhledar/Ugledar;Berdiansk/Berdyansk;Enerhodar/Energodar;Nova
Kakhovka/Novaya Kakhovka;Oleshky/Aleshki;Hola Prystan/Golaya
Pristan;Henichesk/Genichesk;Kupiansk/Kupyansk;Izium/Izyum;Balakliia/Balakleya;Chuhuiv/Chuguev;Vovchansk/Volchansk;Lozova/Lozovaya;Krasnohrad/Krasnograd;Lysychansk/Lisichansk;Sievierodonetsk/Severodonetsk;Rubizhne/Rubezhnoe;Kreminna/Kremennaya;Svatove/Svatovo;Starobilsk/Starobelsk;Antratsyt/Antratsit;Dovzhansk/Dolzhansk;Sorokyne/Sorokino;Rovenky/Rovenki;Krasnyi
Luch/Krasnyy
Luch;Shakhtarsk/Shakhtyorsk;Snizhne/Snezhnoe;Khartsyzk/Khartsyzsk;Yasynuvata/Yasinovataya;Debaltseve/Debaltsevo;Vuhlehirsk/Uglegorsk;Svitlodarsk/Svetlodarsk;Sviatohirsk/Svyatogorsk;Lyman/Liman;Siversk/Seversk;Chasiv
Yar/Chasov
Yar;Kurakhove/Kurakhovo;Selydove/Selidovo;Novohrodivka/Novogrodovka;Dobropillia/Dobropolye;Bilozerske/Belozerskoe;Orikhiv/Orekhov;Huliaipole/Gulyaypole;Polohy/Pologi;Vasylivka/Vasilyevka;Marhanets/Marganets;Zhovti
Vody/Zhyoltye
Vody;Kamianske/Kamenskoe;Pavlohrad/Pavlograd;Synelnykove/Sinelnikovo;Pervomaisk/Pervomaysk;Ochakiv/Ochakov;Bila
Tserkva/Belaya
Tserkov;Fastiv/Fastov;Boryspil/Borispol;Irpin/Irpen;Hostomel/Gostomel;Vyshhorod/Vyshgorod;Pereiaslav/Pereyaslav;Chornobyl/Chernobyl;Prypiat/Pripyat;Berdychiv/Berdichev;Kovel/Kovel;Kolomyia/Kolomyya;Drohobych/Drogobych;Stryi/Stryy;Chernivtsi/Chernovtsy;Khotyn/Khotin;Kremenchuk/Kremenchug;Myrhorod/Mirgorod;Hadiach/Gadyach;Hlukhiv/Glukhov;Nizhyn/Nezhin;Pryluky/Priluki;Uzhhorod/Uzhgorod;Kamianets/Kamenets;Podilskyi/Podolskiy;Frankivsk/Frankovsk;Siverskyi/Severskiy;Volynskyi/Volynskiy;Novhorod/Novgorod;Bilhorod/Belgorod;Dnistrovskyi/Dnestrovskiy;Dniprovska/Dneprovskaya;Vilniansk/Volnyansk;Pokrovske/Pokrovskoe;Velyka
Novosilka/Velikaya
Novoselka;Novosilka/Novoselka;Staromlynivka/Staromlinovka;Pivdenne/Yuzhnoe;Tsukuryne/Tsukurino;Hirnyk/Gornyak;Ocheretyne/Ocheretino;Krasnohorivka/Krasnogorovka;Novomykhailivka/Novomikhaylovka;Zolota
Balka/Zolotaya Balka;Mala Tokmachka/Malaya
Tokmachka;Robotyne/Rabotino;Verbove/Verbovoe;Kamianka/Kamenka;Bilohorivka/Belogorovka;Pryvillia/Privolye;Ivanivske/Ivanovskoe;Klishchiivka/Kleshcheevka;Andriivka/Andreevka;Kurdiumivka/Kurdyumovka;Niu-York/Nyu-York;Zalizne/Zheleznoe;Pivnichne/Severnoe;Zaliznychne/Zheleznodorozhnoe;Pidhorodne/Podgorodnoe;Vodiane/Vodyanoe;Pisky/Peski;Opytne/Opytnoe;Tonenke/Tonenkoe;Orlivka/Orlovka;Tymofiivka/Timofeevka;Semenivka/Semyonovka;Stepove/Stepnoe;Berdychi/Berdichi;Sokil/Sokol;Novoselivka
Persha/Novoselovka
Pervaya;Netailove/Netaylovo;Umanske/Umanskoe;Vesele/Vesyoloe;Soloviove/Solovyovo;Kalynove/Kalinovo;Hryhorivka/Grigorovka;Bohdanivka/Bogdanovka;Ivanivka/Ivanovka;Oleksandrivka/Aleksandrovka;Mykolaivka/Nikolaevka;Petrivka/Petrovka;Serhiivka/Sergeevka;Fedorivka/Fedorovka;Myrne/Mirnoe;Zoriane/Zoryanoe;Nadiivka/Nadezhdovka;Lyubomyrivka/Lyubomirovka;Vilkhivka/Olkhovka;Horikhove/Orekhovo;Lisove/Lesnoe;Ozerne/Ozernoe;Richka/Rechka;Krynychne/Krinichnoe;Dzherelne/Dzherelnoe;Kolodiazne/Kolodeznoe;Bereziv/Berezov;Dubove/Dubovoe;Sosnivka/Sosnovka;Vyshneve/Vishnevoe;Cherveone/Chervonoe;Bile/Beloe;Chorne/Chernoe;Zelene/Zelenoe;Synie/Sinee;Zhovte/Zheltoe""",
    "de": """
Chruschtschow/Khrushchev;Gorbatschow/Gorbachev;Jelzin/Yeltsin;Medwedew/Medvedev;Lawrow/Lavrov;Schoigu/Shoygu;Selenskyj/Zelenskyy;Klitschko/Klichko;Timoschenko/Tymoshenko;Juschtschenko/Yushchenko;Janukowytsch/Yanukovych;Poroschenko/Poroshenko;Kutschma/Kuchma;Krawtschuk/Kravchuk;Dostojewski/Dostoevsky;Tschechow/Chekhov;Tolstoi/Tolstoy;Puschkin/Pushkin;Turgenjew/Turgenev;Tschaikowski/Chaykovskiy;Schostakowitsch/Shostakovich;Prokofjew/Prokofyev;Strawinsky/Stravinsky;Rachmaninow/Rakhmaninov;Solschenizyn/Solzhenitsyn;Sacharow/Sakharov;Nawalny/Navalny;Chodorkowski/Khodorkovsky;Beresowski/Berezovsky;Abramowitsch/Abramovich;Kasparow/Kasparov;Karpow/Karpov;Tereschkowa/Tereshkova;Koroljow/Korolyov;Schukow/Zhukov;Sjuganow/Zyuganov;Schirinowski/Zhirinovsky;Nemzow/Nemtsov;Jawlinski/Yavlinsky;Kusnezow/Kuznetsov;Wolgograd/Volgograd;Jekaterinburg/Yekaterinburg;Nowgorod/Novgorod;Rostow/Rostov;Woronesch/Voronezh;Brjansk/Bryansk;Charkiw/Kharkiv;Saporischschja/Zaporizhzhia;Donezk/Donetsk;Cherson/Kherson;Lwiw/Lviv;Tschernihiw/Chernihiv;Schytomyr/Zhytomyr;Winnyzja/Vinnytsia;Poltawa/Poltava;Bachmut/Bakhmut;Awdijiwka/Avdiivka;Charkow/Kharkov;Sewastopol/Sevastopol;Jalta/Yalta;Kertsch/Kerch;Grosny/Grozny;Machatschkala/Makhachkala;Kasan/Kazan;Saratow/Saratov;Nowosibirsk/Novosibirsk;Krasnojarsk/Krasnoyarsk;Wladiwostok/Vladivostok;Chabarowsk/Khabarovsk;Archangelsk/Arkhangelsk;Jaroslawl/Yaroslavl;Twer/Tver;Pskow/Pskov;Iwanowo/Ivanovo;Lipezk/Lipetsk;Tambow/Tambov;Pensa/Penza;Uljanowsk/Ulyanovsk;Tscheljabinsk/Chelyabinsk;Jekaterina/Yekaterina;Natalja/Natalya;Tatjana/Tatyana;Swetlana/Svetlana;Ljudmila/Lyudmila;Jelena/Yelena;Juri/Yuri;Sergej/Sergey;Dmitri/Dmitry;Alexej/Aleksey;Michail/Mikhail;Pjotr/Pyotr;Fjodor/Fyodor;Jewgeni/Yevgeny;Wassili/Vasily;Witali/Vitaly;Wjatscheslaw/Vyacheslav;Anatoli/Anatoly;Gennadi/Gennady;Waleri/Valery;Maxim/Maksim;Xenija/Kseniya;Sinowjew/Zinovyev;Kamenew/Kamenev;Bucharin/Bukharin;Trozki/Trotsky;Stalin/Stalin;Breschnew/Brezhnev;Andropow/Andropov;Tschernenko/Chernenko;Chruschtschowa/Khrushcheva;Schewtschenko/Shevchenko;Kowaltschuk/Kovalchuk;Lukaschenko/Lukashenko;Tichanowskaja/Tikhanovskaya;Nasarbajew/Nazarbayev;Tokajew/Tokayev;Alijew/Aliyev;Paschinjan/Pashinyan;Saakaschwili/Saakashvili;Schewardnadse/Shevardnadze;Resnikow/Reznikov;Saluschnyj/Zaluzhnyi;Syrskyj/Syrskyi;Budanow/Budanov;Kuleba/Kuleba;Jermak/Yermak;Podoljak/Podolyak;Arestowytsch/Arestovych;Prigoschin/Prigozhin;Kadyrow/Kadyrov;Peskow/Peskov;Sacharowa/Zakharova;Nebensja/Nebenzya;Gerassimow/Gerasimov;Surowikin/Surovikin;Patruschew/Patrushev;Bortnikow/Bortnikov;Naryschkin/Naryshkin;Wolodin/Volodin;Matwijenko/Matviyenko;Mischustin/Mishustin;Sobjanin/Sobyanin;Tschubais/Chubais;Gref/Gref;Nabiullina/Nabiullina;Siluanow/Siluanov;Kudrin/Kudrin;Sjuganowa/Zyuganova""",
    "fr": """
Poutine/Putin;Gorbatchev/Gorbachev;Eltsine/Yeltsin;Khrouchtchev/Khrushchev;Soljenitsyne/Solzhenitsyn;Dostoïevski/Dostoevsky;Tchekhov/Chekhov;Tolstoï/Tolstoy;Pouchkine/Pushkin;Tchaïkovski/Chaykovskiy;Chostakovitch/Shostakovich;Khodorkovski/Khodorkovsky;Gagarine/Gagarin;Joukov/Zhukov;Ziouganov/Zyuganov;Jirinovski/Zhirinovsky;Kouznetsov/Kuznetsov;Iekaterinbourg/Yekaterinburg;Nijni/Nizhny;Voronej/Voronezh;Zaporijia/Zaporizhzhia;Louhansk/Luhansk;Tchernihiv/Chernihiv;Jytomyr/Zhytomyr;Bakhmout/Bakhmut;Avdiïvka/Avdiivka;Sébastopol/Sevastopol;Kertch/Kerch;Makhatchkala/Makhachkala;Novossibirsk/Novosibirsk;Krasnoïarsk/Krasnoyarsk;Iaroslavl/Yaroslavl;Oulianovsk/Ulyanovsk;Tcheliabinsk/Chelyabinsk;Natalia/Natalya;Tatiana/Tatyana;Lioudmila/Lyudmila;Iouri/Yuri;Sergueï/Sergey;Alexeï/Aleksey;Mikhaïl/Mikhail;Piotr/Pyotr;Fiodor/Fyodor;Evgueni/Yevgeny;Vassili/Vasily;Viatcheslav/Vyacheslav;Guennadi/Gennady;Ksenia/Kseniya;Zinoviev/Zinovyev;Boukharine/Bukharin;Trotski/Trotsky;Brejnev/Brezhnev;Tchernenko/Chernenko;Chevtchenko/Shevchenko;Loukachenko/Lukashenko;Tikhanovskaïa/Tikhanovskaya;Nazarbaïev/Nazarbayev;Pachinian/Pashinyan;Saakachvili/Saakashvili;Chevardnadze/Shevardnadze;Zaloujny/Zaluzhnyi;Boudanov/Budanov;Kouleba/Kuleba;Iermak/Yermak;Podoliak/Podolyak;Prigojine/Prigozhin;Nebenzia/Nebenzya;Guerassimov/Gerasimov;Sourovikine/Surovikin;Patrouchev/Patrushev;Narychkine/Naryshkin;Volodine/Volodin;Matvienko/Matviyenko;Michoustine/Mishustin;Sobianine/Sobyanin;Tchoubaïs/Chubais;Nabioullina/Nabiullina;Silouanov/Siluanov;Koudrine/Kudrin;Choïgou/Shoygu;Medvedev/Medvedev;Kiev/Kyiv;Odessa/Odesa;Kharkov/Kharkiv;Dniepr/Dnipro;Tchétchénie/Chechnya;Biélorussie/Belarus;Moscou/Moskva;Jdanov/Zhdanov;Iejov/Yezhov;Beria/Beriya;Molotov/Molotov;Kalinine/Kalinin;Vorochilov/Voroshilov;Toukhatchevski/Tukhachevsky;Koutouzov/Kutuzov;Souvorov/Suvorov;Pougatchev/Pugachev;Raspoutine/Rasputin;Lermontov/Lermontov;Maïakovski/Mayakovsky;Akhmatova/Akhmatova;Tsvetaïeva/Tsvetaeva;Pasternak/Pasternak;Boulgakov/Bulgakov;Nabokov/Nabokov;Tarkovski/Tarkovsky;Eisenstein/Eyzenshteyn;Moussorgski/Musorgsky;Rimski/Rimsky;Korsakov/Korsakov;Glinka/Glinka;Borodine/Borodin;Scriabine/Skryabin;Chagall/Shagal;Kandinsky/Kandinskiy;Malevitch/Malevich""",
}


def title(s):
    return " ".join(p[:1].upper() + p[1:] for p in s.split(" "))


def alias_ok(name, alias):
    return (alias.count(" ") == name.count(" ") and re.fullmatch(r"[a-z' -]+", alias)
            and dev.lev(dev.consonants(alias), dev.consonants(name))
            <= max(1, len(dev.consonants(name)) // 3))


def main():
    shared = here.parent.parent / "shared" / "data"
    out = here / "data" / "probes"
    out.mkdir(parents=True, exist_ok=True)
    data = here / "data"
    places = {}
    path = shared / "glossary" / "names" / "warreport_ua_settlement_aliases.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            places[row["name"].strip()] = {a.strip() for a in row["aliases"].split(";") if a.strip()}

    # Settlements of the tuning sets.
    tune = set()
    for part in ("dev", "dev_more"):
        for line in open(data / f"name_pairs_{part}.tsv", encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 5 and f[3].startswith("place") and f[4].startswith("settlement "):
                tune.add(f[4][len("settlement "):])
    rows = []
    for name in sorted(tune):
        if name in places and re.fullmatch(r"[a-z' -]+", name):
            rows += [(title(name), title(a), "same", "place-alias", f"settlement {name}")
                     for a in sorted(places[name] - {name}) if alias_ok(name, a)]
    spellings = {}
    for name in sorted(tune):
        for sp in places.get(name, set()) | {name}:
            if re.fullmatch(r"[a-z' -]+", sp) and len(sp) >= 5:
                spellings.setdefault(sp[:2], []).append((name, sp))
    seen = set()
    for group in spellings.values():
        for (n1, s1), (n2, s2) in itertools.combinations(group, 2):
            a1, a2 = places[n1] | {n1}, places[n2] | {n2}
            if n1 == n2 or a1 & a2 or abs(len(s1) - len(s2)) > 2 or dev.lev(s1, s2) > 2 \
                    or dev.consonants(s1) == dev.consonants(s2) or (min(n1, n2), max(n1, n2)) in seen:
                continue
            seen.add((min(n1, n2), max(n1, n2)))
            rows.append((title(s1), title(s2), "different", "place-distinct",
                         f"settlements {n1} and {n2}"))
    write(out / "tune_alias.tsv", rows)

    # Settlements no evaluation set reads.
    _, _, used_places, rest, _ = untouched.earlier(shared, 15)
    added, cut = 0, len(rest)
    for i, (name, aliases) in enumerate(rest):
        if added >= 800:
            cut = i
            break
        if name not in used_places and re.fullmatch(r"[a-z' -]+", name) \
                and any(alias_ok(name, a) for a in aliases - {name}):
            added += 1
    common = Counter(w for n, al in rest for s in al | {n} for w in set(s.split()) if " " in s)
    words = set()
    for f in glob.glob(str(data / "*.tsv")) + glob.glob(str(here.parent / "tests" / "data" / "name_pairs*.tsv")):
        for line in open(f, encoding="utf-8"):
            x = line.split("\t")
            if len(x) >= 2:
                words |= {w.lower() for w in (x[0] + " " + x[1]).split() if common[w.lower()] < 20}
    rows, fresh = [], set()
    for name, aliases in rest[cut:]:
        if name in used_places or not re.fullmatch(r"[a-z' -]+", name) \
                or any(w in words for s in aliases | {name} for w in s.split()):
            continue
        fresh.add(name)
        rows += [(title(name), title(a), "same", "place-alias", f"settlement {name}")
                 for a in sorted(aliases - {name}) if alias_ok(name, a)]
    write(out / "fresh_alias.tsv", rows)

    # Different settlements with one consonant skeleton.
    def skeleton(s):
        for a, b in [("shch", "Q"), ("sch", "Q"), ("kh", "X"), ("zh", "Z"), ("ch", "C"),
                     ("sh", "S"), ("ts", "T"), ("h", "g"), ("zdn", "zn"), ("stn", "sn")]:
            s = s.replace(a, b)
        return re.sub(r"(.)\1", r"\1", re.sub(r"[aeiouyj' -]", "", s))
    groups = {}
    for name in tune | fresh:
        for sp in places.get(name, set()) | {name}:
            if re.fullmatch(r"[a-z]+", sp) and len(sp) >= 4:
                groups.setdefault(skeleton(sp), set()).add((name, sp))
    rows = []
    for group in groups.values():
        for (n1, s1), (n2, s2) in itertools.combinations(sorted(group), 2):
            if n1 != n2 and not (places[n1] | {n1}) & (places[n2] | {n2}):
                rows.append((title(s1), title(s2), "different", "probe", f"{n1} / {n2}"))
    random.Random(8).shuffle(rows)
    write(out / "negatives_places.tsv", rows)

    # Lexicon near-pairs.
    lexicon = set()
    for f in ("lexicon_surnames.txt", "lexicon_first_names.txt"):
        for line in open(here.parent / "src" / "names" / "data" / f, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                lexicon.add(line.split()[0])
    sides = set(lexicon)
    for part in ("dev", "dev_more"):
        for line in open(data / f"name_pairs_{part}.tsv", encoding="utf-8"):
            x = line.split("\t")
            if len(x) > 2:
                sides |= {w for w in (x[0] + " " + x[1]).split() if re.fullmatch(r"[A-Z][a-z]+", w)}
    def key(s):
        s = s.lower()
        for a, b in [("shch", "Q"), ("sch", "Q"), ("kh", "X"), ("zh", "Z"), ("ch", "C"),
                     ("sh", "S"), ("ts", "T"), ("h", "g")]:
            s = s.replace(a, b)
        return re.sub(r"(.)\1", r"\1", re.sub(r"[aeiouyj]+", "I", s))
    by_key = {}
    for w in sides:
        by_key.setdefault(key(w), []).append(w)
    rows = [(a, b, "different", "probe", "") for group in by_key.values()
            for a, b in itertools.combinations(sorted(group), 2) if a.lower() != b.lower()]
    write(out / "negatives_lexicon.tsv", rows)
    rows = set()
    for w in sorted(lexicon):
        w = w.lower()
        for x, y in [("a", "e"), ("o", "u"), ("o", "a"), ("e", "i"), ("u", "a"), ("a", "o"), ("i", "y")]:
            for i, c in enumerate(w):
                if c == x:
                    rows.add((w.capitalize(), (w[:i] + y + w[i + 1:]).capitalize(), "different", "probe", ""))
    rows = sorted(rows)
    random.Random(8).shuffle(rows)
    write(out / "negatives_vowels.tsv", rows)

    for lang, text in WRITTEN.items():
        pairs = []
        for item in " ".join(text.split("\n")).split(";"):
            a, b = item.strip().split("/", 1)
            if (a, b) not in pairs:
                pairs.append((a, b))
        write(out / f"written_{lang}.tsv", [(a, b, "same", "probe", "") for a, b in pairs])


def write(path, rows):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("# Generated by benches/name_probes.py (a probe, not an evaluation set).\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"{path.name}: {len(rows)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
