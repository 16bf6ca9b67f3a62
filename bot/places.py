"""Countries, nationalities and cities: the tables and the matcher that finds them in free text.

Country names come from Babel's CLDR data in every language Lifeline speaks; ``data/places.yml`` adds demonyms,
colloquial names and the cities that matter here. The matcher works on any script: Latin words match on word
boundaries without regard to case or diacritics (``bot.i18n.folding``) (with one typo forgiven in longer words); Thai, Khmer and Han
names match inside unsegmented text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from babel import Locale

from bot.config import ROOT
from bot.i18n.languages import LANGUAGES
from bot.i18n.folding import fold, fold_text, is_latin

PLACES_FILE = ROOT / "data" / "places.yml"

# Languages whose CLDR country names are matched (zh_Hant adds Traditional Chinese spellings).
CLDR_LOCALES = ("en", "th", "vi", "id", "ms", "km", "zh", "zh_Hant", "fil")

NATIONALITY = "nationality"
COUNTRY = "country"
CITY = "city"
LANGUAGE = "language"


@dataclass(frozen=True)
class City:
    name: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Match:
    entity: str
    value: str
    start: int
    end: int
    text: str


def _latin_word(text: str) -> bool:
    return all(is_latin(c) for c in text)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _typo_budget(length: int) -> int:
    if length >= 10:
        return 2
    if length >= 6:
        return 1
    return 0


_WORD = re.compile(r"[0-9a-z']+")


class Gazetteer:
    """Finds nationalities, countries and cities in a message and gives their canonical values."""

    def __init__(
        self, aliases: Dict[str, List[Tuple[str, str]]], embassy_words: Iterable[str], cities: Sequence[City]
    ):
        self._aliases = aliases
        self._cities = {city.name: city for city in cities}
        latin = sorted((a for a in aliases if _latin_word(a)), key=len, reverse=True)
        other = sorted((a for a in aliases if not _latin_word(a)), key=len, reverse=True)
        self._latin = re.compile(r"(?<![0-9a-z])(" + "|".join(map(re.escape, latin)) + r")(?![0-9a-z])")
        self._other = re.compile("|".join(map(re.escape, other))) if other else None
        self._embassy = re.compile("|".join(map(re.escape, sorted(embassy_words, key=len, reverse=True))))
        # Fuzzy candidates by the first letter of their first word, which a typo never changes (_words_distance).
        self._fuzzy: Dict[str, List[Tuple[str, List[str]]]] = {}
        for alias in latin:
            parts = alias.split()
            if any(_typo_budget(len(w)) for w in parts):
                self._fuzzy.setdefault(parts[0][0], []).append((alias, parts))
        # The same message is looked at by the language detector and the entity extractor.
        self._find_cached = lru_cache(maxsize=4096)(self._find)

    @property
    def cities(self) -> Dict[str, City]:
        return self._cities

    def find(self, text: str) -> List[Match]:
        """All non-overlapping mentions in ``text``, in order, with offsets into the original text."""
        return list(self._find_cached(text))

    def _find(self, text: str) -> Tuple[Match, ...]:
        folded, origin = fold(text)
        spans: List[Tuple[int, int, str]] = []
        for pattern in filter(None, (self._latin, self._other)):
            for m in pattern.finditer(folded):
                if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                    spans.append((m.start(), m.end(), m.group(0)))
        spans.extend(self._fuzzy_spans(folded, spans))
        spans.sort()
        embassy_spans = [(m.start(), m.end()) for m in self._embassy.finditer(folded)]
        matches = []
        for start, end, alias in spans:
            o_start, o_end = origin[start], origin[end - 1] + 1
            for entity, value in self._aliases[alias]:
                if entity == COUNTRY and _near_any(start, end, embassy_spans, folded):
                    entity = NATIONALITY
                matches.append(Match(entity, value, o_start, o_end, text[o_start:o_end]))
        return tuple(matches)

    def _fuzzy_spans(self, folded: str, taken: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
        words = [m for m in _WORD.finditer(folded) if not any(s < m.end() and m.start() < e for s, e, _ in taken)]
        found: List[Tuple[int, int, str]] = []
        used: set = set()
        for i in range(len(words)):
            if i in used:
                continue
            best: Optional[Tuple[int, int, int, str]] = None
            for alias, parts in self._fuzzy.get(words[i].group(0)[0], ()):
                j = i + len(parts)
                if j > len(words) or used.intersection(range(i, j)):
                    continue
                candidate = [w.group(0) for w in words[i:j]]
                distance = _words_distance(candidate, parts)
                if distance is not None and (best is None or distance < best[0]):
                    best = (distance, i, j, alias)
            if best:
                _, i0, j0, alias = best
                used.update(range(i0, j0))
                found.append((words[i0].start(), words[j0 - 1].end(), alias))
        return found

    def city(self, name: str) -> Optional[City]:
        return self._cities.get(name)

    def nearest_city(self, lat: float, lon: float, radius_km: float = 60.0) -> Optional[City]:
        """The known city closest to a point, if one lies within ``radius_km``."""
        best = min(self._cities.values(), key=lambda c: distance_km(lat, lon, c.lat, c.lon), default=None)
        if best is None or distance_km(lat, lon, best.lat, best.lon) > radius_km:
            return None
        return best


def _words_distance(candidate: List[str], parts: List[str]) -> Optional[int]:
    """The typos between two word sequences, each word within its own budget; None when too far apart."""
    total = 0
    for word, part in zip(candidate, parts):
        budget = _typo_budget(len(part))
        if word[0] != part[0]:
            return None
        distance = edit_distance(word, part, budget)
        if distance > budget:
            return None
        total += distance
    return total


def _near_any(start: int, end: int, spans: List[Tuple[int, int]], folded: str, gap: int = 4) -> bool:
    """True when an embassy word stands right before or after ``[start, end)``, with at most a short word between."""
    for s, e in spans:
        between = folded[e:start] if e <= start else folded[end:s] if s >= end else ""
        if (e <= start or s >= end) and len(between.strip(" ,.:-")) <= gap and len(between) <= gap + 3:
            return True
    return False


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _cldr_names(kind: str, codes: Iterable[str]) -> List[Tuple[str, str]]:
    """Each code's name in every CLDR locale Lifeline uses (``territories`` or ``languages``)."""
    names = []
    for locale_name in CLDR_LOCALES:
        table = getattr(Locale.parse(locale_name), kind)
        names += [(table[code], code) for code in codes if table.get(code)]
    return names


def load_gazetteer(path: Path = PLACES_FILE) -> Gazetteer:
    """Builds the gazetteer from ``data/places.yml`` and CLDR."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    aliases: Dict[str, List[Tuple[str, str]]] = {}

    def add(alias: str, entity: str, value: str) -> None:
        """The first meaning of each kind wins: a word can be a nationality and a language, not two countries."""
        meanings = aliases.setdefault(fold_text(str(alias)).strip(), [])
        if all(kind != entity and not {kind, entity} <= {COUNTRY, NATIONALITY, CITY} for kind, _ in meanings):
            meanings.append((entity, value))

    cities = []
    # More specific tables first: a demonym or city spelled like a country name wins.
    for city in data["cities"]:
        cities.append(City(city["name"], city["country"], float(city["lat"]), float(city["lon"])))
        for alias in [city["name"], *city.get("aliases", [])]:
            add(alias, CITY, city["name"])
    for code, entry in data["countries"].items():
        for alias in entry.get("demonyms", []):
            add(alias, NATIONALITY, code)
    for code, entry in data["countries"].items():
        for alias in entry.get("names", []):
            add(alias, COUNTRY, code)
    for alias, code in _cldr_names("territories", data["countries"]):
        add(alias, COUNTRY, code)
    for code, names in data.get("languages", {}).items():
        for alias in names:
            add(alias, LANGUAGE, code)
    for alias, code in _cldr_names("languages", LANGUAGES):
        add(alias, LANGUAGE, code)
    return Gazetteer(aliases, data.get("embassy_words", []), cities)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    return load_gazetteer()


def country_of(city: Optional[str]) -> Optional[str]:
    """The ISO country code of a known city."""
    found = gazetteer().city(city) if city else None
    return found.country if found else None
