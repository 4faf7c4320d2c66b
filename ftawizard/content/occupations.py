"""Type-ahead search for the occupation, country and CUSMA-profession pickers.

Pure data code (no UI): a renderer passes what the person typed and shows the list it gets
back. Matching is case- and accent-insensitive and works on word starts: every word of the
query must be the start of some word of the same title ("civ eng" finds "Civil engineers").

The occupation index covers the NOC 2021 unit-group titles, the ~28,000 NOC 2021 example
titles (``occupations/noc2021_titles.csv``, read on the first search, never at load time),
the French unit-group titles, and the NOC 2016 unit-group titles. Results are unit groups,
one row per code, ranked:

1. a title (unit group or example) equal to the whole query ("chef", "nurse");
2. unit groups whose own title matches;
3. unit groups with a matching example title;
4. unit groups whose French title matches (only when nothing in English does: "ingénieur").

Within a tier, whole-word matches ("nurse" = "nurse" or "nurses") beat prefixes, earlier
words beat later ones and shorter titles beat longer ones. A word of five letters or more
that matches nothing may carry one typo ("enginer", "acountant"); a word that matches
something exactly is never widened.
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import re
import threading
import unicodedata
import weakref
from collections.abc import Container, Iterable, Sequence
from pathlib import Path
from typing import Literal

import attrs

from ftawizard.content.models import Content, Country, CusmaProfession

__all__ = [
    "OccupationIndex",
    "OccupationMatch",
    "normalize",
    "occupation_index",
    "search_countries",
    "search_cusma_professions",
]

System = Literal["noc2021", "noc2016"]

TITLES_FILE = ("occupations", "noc2021_titles.csv")

# A query word of this many characters or more may carry one typo when it matches nothing.
FUZZY_MIN_LENGTH = 5


@attrs.frozen
class OccupationMatch:
    """One unit group in the picker's list."""

    code: str
    title: str  # the unit group's title
    level: str  # "TEER 1", "NOC 2016 skill level A", "NOC 2016 skill type 0"
    matched: str  # the example or unit-group title that matched; "" for a code match
    system: System


# --------------------------------------------------------------------------- text

_FOLD = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "‐": "-",
        "‑": "-",
        "–": "-",
    }
)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_POSSESSIVE = re.compile(r"'s\b")
_WORD = re.compile(r"[a-z0-9]+")
# "Sous-chef", "e-commerce", "d'hôtel" are also indexed as one word ("souschef", ...)
_COMPOUND = re.compile(r"\b[a-z0-9]+(?:['\-][a-z0-9]+)+")
_JOINERS = str.maketrans("", "", "'-")
# sorts after every character a token can hold: closes a prefix range of the vocabulary
_AFTER_TOKENS = "{"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def normalize(text: str) -> str:
    """Case- and accent-folded text, possessives joined: ``"Maître d'hôtel"`` →
    ``"maitre d'hotel"``, ``"Nurse's aide"`` → ``"nurses aide"``."""
    folded = text.casefold()
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded.translate(_FOLD)))
    if "'" in folded:
        folded = _POSSESSIVE.sub("s", folded)
    return folded


def _words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def _query_words(query: str) -> list[str]:
    """The query's words, normalized, without repeats."""
    return list(dict.fromkeys(_words(query)))


def _whole_forms(word: str) -> list[str]:
    """The forms of a word that count as the whole word: itself, its plural and singular."""
    forms = [word, word + "s", word + "es"]
    if len(word) >= 4 and word.endswith("s"):
        forms.append(word[:-1])
        if word.endswith("es"):
            forms.append(word[:-2])
        if word.endswith("ies"):
            forms.append(word[:-3] + "y")
    return forms


def _edits(word: str) -> tuple[set[str], set[str]]:
    """Strings one edit away from ``word``, used as prefixes: (all of them, those that may
    also count as the whole word). Appending a letter is left out (a longer prefix cannot
    match when the word itself does not); dropping the last letter only shortens the prefix,
    so it never counts as a whole-word match."""
    whole: set[str] = set()
    for i in range(len(word)):
        left, right = word[:i], word[i:]
        whole.update(left + char + right[1:] for char in _ALPHABET)  # substitution
        whole.update(left + char + right for char in _ALPHABET)  # insertion
        if len(right) > 1:
            whole.add(left + right[1:])  # deletion (not of the last letter)
            whole.add(left + right[1] + right[0] + right[2:])  # transposition
    whole.discard(word)
    return whole | {word[:-1]}, whole


# --------------------------------------------------------------------------- the index

# A posting is one int that sorts the way matches rank. From the low bits up: the title's
# number, its length in characters, a gap, the word's position in the title; the query adds
# _NOT_WHOLE when the word only starts a longer one. For a query of several words, the sum of
# their postings in one title still sorts right: the number and length fields are the same
# for every word (k words make k times them, which the gap holds), the positions add up and
# the _NOT_WHOLE bits count the words that are only prefixes.
_LENGTH_BITS = 10
_LENGTH_CAP = (1 << _LENGTH_BITS) - 1
_GAP_BITS = 5
MAX_QUERY_WORDS = 1 << _GAP_BITS  # further words are ignored
_POSITION_CAP = 31
_NOT_WHOLE_SHIFT = 52
_NOT_WHOLE = 1 << _NOT_WHOLE_SHIFT

# (-(whole words), sum of word positions, title length, title number): lower is better
_Key = tuple[int, int, int, int]


@attrs.frozen
class _Matcher:
    """The vocabulary ids one query word accepts: the words it starts (the id range [lo, hi)
    of the sorted vocabulary) and single words (singular forms, one-typo variants); ``whole``
    are those that count as the whole word."""

    lo: int
    hi: int
    extra: frozenset[int]
    whole: frozenset[int]

    def token_ids(self) -> Iterable[int]:
        outside = (token for token in self.extra if not self.lo <= token < self.hi)
        return itertools.chain(range(self.lo, self.hi), outside)


class _Staged:
    """Titles tokenized, before the shared vocabulary numbers their words."""

    def __init__(self, codes: list[str], texts: list[str], normalized: list[str]) -> None:
        self.codes = codes
        self.texts = texts
        self.tokens: list[list[str]] = list(map(_WORD.findall, normalized))
        self.keys: list[str] = list(map(" ".join, self.tokens))
        # compounds ("sous-chef") go after the words of their title, with the position of
        # their first part; str.count skips the many titles whose only dash is " - "
        self.positions: dict[int, tuple[int, ...]] = {}
        for number, title in enumerate(normalized):
            if "'" not in title and title.count("-") <= title.count(" - "):
                continue
            tokens = self.tokens[number]
            words = len(tokens)
            positions = list(range(words))
            for found in _COMPOUND.finditer(title):
                positions.append(len(_WORD.findall(title, 0, found.start())))
                tokens.append(found.group().translate(_JOINERS))
            if len(tokens) > words:
                self.positions[number] = tuple(positions)


class _Corpus:
    """A list of titles, each tagged with its unit-group code (grouped by code), with word
    postings over the shared vocabulary."""

    def __init__(self, staged: _Staged, vocabulary: dict[str, int]) -> None:
        self.codes = staged.codes
        self.texts = staged.texts
        self.keys = staged.keys
        size = len(self.codes)
        self.lengths = [n if n < _LENGTH_CAP else _LENGTH_CAP for n in map(len, self.texts)]
        # whole-title lookups: the first and last title with each key
        self.first = dict(zip(reversed(self.keys), range(size - 1, -1, -1), strict=True))
        self.last = dict(zip(self.keys, range(size), strict=True))
        # code -> [first, end) title numbers (titles are grouped by code, in code order)
        self.spans = {
            code: (bisect.bisect_left(self.codes, code), bisect.bisect_right(self.codes, code))
            for code in dict.fromkeys(self.codes)
        }
        # postings: token id -> packed (position, title length, title number)
        bits = self.index_bits = max(1, size.bit_length())
        self.index_mask = (1 << bits) - 1
        self.position_shift = bits + _LENGTH_BITS + _GAP_BITS
        step = 1 << self.position_shift
        postings: list[list[int]] = [[] for _ in range(len(vocabulary))]
        add = [posting.append for posting in postings]
        get = vocabulary.__getitem__
        positions_of = staged.positions
        for number, tokens in enumerate(staged.tokens):
            base = self.lengths[number] << bits | number
            if number not in positions_of and len(tokens) <= _POSITION_CAP:
                for token in tokens:
                    add[get(token)](base)
                    base += step
            else:
                where = positions_of.get(number) or range(len(tokens))
                for token, position in zip(tokens, where, strict=True):
                    add[get(token)](base + min(position, _POSITION_CAP) * step)
        self.postings = postings
        self.counts = [0, *itertools.accumulate(map(len, postings))]
        self.ids = vocabulary

    def count(self, matcher: _Matcher) -> int:
        """How many postings the matcher reads (a title may count more than once)."""
        total = self.counts[matcher.hi] - self.counts[matcher.lo]
        for token_id in matcher.extra:
            if not matcher.lo <= token_id < matcher.hi:
                total += self.counts[token_id + 1] - self.counts[token_id]
        return total

    def best_per_code(
        self, matchers: Sequence[_Matcher], codes: Iterable[str] | None = None
    ) -> dict[str, _Key]:
        """The best-matching title of every unit group with one (of ``codes`` only, if given)."""
        allowed: set[int] | None = None
        if codes is not None:
            allowed = set()
            for code in codes:
                if code in self.spans:
                    allowed.update(range(*self.spans[code]))
            if not allowed:
                return {}
        ordered = sorted(matchers, key=self.count)  # the rarest word first: fewest lookups
        totals: dict[int, int] | None = None
        for matcher in ordered[:-1]:
            totals = self._totals(matcher, totals if totals is not None else allowed)
        best = self._best_of_last(ordered[-1], totals, allowed)
        return {code: self._decode(value, len(matchers)) for code, value in best.items()}

    def _totals(self, matcher: _Matcher, previous: Container[int] | None) -> dict[int, int]:
        """Title number -> the query's packed sum so far, for the titles this word matches too."""
        earlier = previous if isinstance(previous, dict) else None
        totals: dict[int, int] = {}
        mask = self.index_mask
        for token_id in matcher.token_ids():
            penalty = 0 if token_id in matcher.whole else _NOT_WHOLE
            for packed in self.postings[token_id]:
                number = packed & mask
                if previous is not None and number not in previous:
                    continue
                value = (packed | penalty) + (earlier[number] if earlier is not None else 0)
                current = totals.get(number)
                if current is None or value < current:
                    totals[number] = value
        return totals

    def _best_of_last(
        self, matcher: _Matcher, totals: dict[int, int] | None, allowed: set[int] | None
    ) -> dict[str, int]:
        """Code -> the best packed sum, adding the last (most common) word."""
        best: dict[str, int] = {}
        codes = self.codes
        mask = self.index_mask
        for token_id in matcher.token_ids():
            penalty = 0 if token_id in matcher.whole else _NOT_WHOLE
            for packed in self.postings[token_id]:
                number = packed & mask
                if totals is not None:
                    earlier = totals.get(number)
                    if earlier is None:
                        continue
                    value = (packed | penalty) + earlier
                elif allowed is not None and number not in allowed:
                    continue
                else:
                    value = packed | penalty
                code = codes[number]
                current = best.get(code)
                if current is None or value < current:
                    best[code] = value
        return best

    def _decode(self, value: int, words: int) -> _Key:
        prefixes = value >> _NOT_WHOLE_SHIFT
        positions = (value & (_NOT_WHOLE - 1)) >> self.position_shift
        low = (value & ((1 << self.position_shift) - 1)) // words
        return (prefixes - words, positions, low >> self.index_bits, low & self.index_mask)

    def exact_matches(self, words: Sequence[str]) -> dict[str, int]:
        """Codes with a title equal to the query (its last word singular or plural): code ->
        title number."""
        found: dict[str, int] = {}
        head = " ".join(words[:-1])
        for form in _whole_forms(words[-1]):
            key = f"{head} {form}" if head else form
            first = self.first.get(key)
            if first is None:
                continue
            found.setdefault(self.codes[first], first)
            if self.last[key] != first:  # the same title more than once: find every code
                mask = self.index_mask
                for packed in self.postings[self.ids[form]]:
                    number = packed & mask
                    if self.keys[number] == key:
                        found.setdefault(self.codes[number], number)
        return found


class _Built:
    """Everything the word searches need, built once per index."""

    def __init__(self, content: Content) -> None:
        codes = sorted(content.noc2021)
        groups = [content.noc2021[code] for code in codes]
        english = _Staged(
            codes, [g.title_en for g in groups], [normalize(g.title_en) for g in groups]
        )
        french = _Staged(
            codes, [g.title_fr for g in groups], [normalize(g.title_fr) for g in groups]
        )
        examples = _Staged(*_read_examples(content))
        old_codes = sorted(content.noc2016)
        old_titles = [content.noc2016[code].title for code in old_codes]
        old = _Staged(old_codes, old_titles, [normalize(title) for title in old_titles])
        words: set[str] = set()
        for staged in (english, examples, french, old):
            for tokens in staged.tokens:
                words.update(tokens)
        self.vocabulary = sorted(words)
        self.ids = {token: number for number, token in enumerate(self.vocabulary)}
        self.titles = _Corpus(english, self.ids)
        self.examples = _Corpus(examples, self.ids)
        self.french = _Corpus(french, self.ids)
        self.noc2016 = _Corpus(old, self.ids)
        self._prefixes: frozenset[str] | None = None

    def prefixes(self) -> frozenset[str]:
        """Every prefix of every vocabulary word (built on the first typo lookup)."""
        if self._prefixes is None:
            self._prefixes = frozenset(
                word[:end] for word in self.vocabulary for end in range(1, len(word) + 1)
            )
        return self._prefixes

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        lo = bisect.bisect_left(self.vocabulary, prefix)
        hi = bisect.bisect_left(self.vocabulary, prefix + _AFTER_TOKENS, lo)
        return lo, hi

    def matcher(self, word: str) -> _Matcher | None:
        """What ``word`` matches exactly (as a prefix, or as the singular of a plural); failing
        that, with one typo if the word is long enough; None when nothing matches."""
        lo, hi = self.prefix_range(word)
        whole = frozenset(self.ids[form] for form in _whole_forms(word) if form in self.ids)
        extra = frozenset(token for token in whole if not lo <= token < hi)
        if hi > lo or extra:
            return _Matcher(lo, hi, extra, whole)
        if len(word) < FUZZY_MIN_LENGTH:
            return None
        prefixes, whole_variants = _edits(word)
        accepted: set[int] = set()
        for prefix in prefixes & self.prefixes():
            accepted.update(range(*self.prefix_range(prefix)))
        if not accepted:
            return None
        wholes = {
            self.ids[form]
            for variant in whole_variants
            for form in (variant, variant + "s", variant + "es")
            if form in self.ids
        }
        return _Matcher(0, 0, frozenset(accepted), frozenset(wholes & accepted))


def _read_examples(content: Content) -> tuple[list[str], list[str], list[str]]:
    """The NOC 2021 example titles of known unit groups, grouped by code in code order (file
    order within a code): (codes, titles, normalized titles). No file, no examples."""
    path = Path(content.root, *TITLES_FILE)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [], []
    lines = text.splitlines()
    known = content.noc2021
    codes: list[str] = []
    titles: list[str] = []
    normalized: list[str] = []
    if lines and lines[0].replace(" ", "") == "code,title":
        # the usual layout: one pass over the whole file folds the plain-ASCII lines
        lowered = _POSSESSIVE.sub("s", text.lower()).splitlines()
        for raw, low in zip(lines[1:], lowered[1:], strict=True):
            if '"' in raw:
                fields = next(csv.reader([raw]), [])
                code = fields[0].strip() if fields else ""
                title = fields[1].strip() if len(fields) > 1 else ""
                folded = normalize(title)
            else:
                code, _, title = raw.partition(",")
                code, title = code.strip(), title.strip()
                folded = low.partition(",")[2] if raw.isascii() else normalize(title)
            if code in known and title:
                codes.append(code)
                titles.append(title)
                normalized.append(folded)
    else:
        reader = csv.DictReader(lines)
        if not {"code", "title"} <= set(reader.fieldnames or ()):
            raise ValueError(f"{path}: needs the columns code and title")
        for row in reader:
            code, title = (row["code"] or "").strip(), (row["title"] or "").strip()
            if code in known and title:
                codes.append(code)
                titles.append(title)
                normalized.append(normalize(title))
    if codes != sorted(codes):
        order = sorted(range(len(codes)), key=codes.__getitem__)  # stable within a code
        codes = [codes[i] for i in order]
        titles = [titles[i] for i in order]
        normalized = [normalized[i] for i in order]
    return codes, titles, normalized


class OccupationIndex:
    """Search over one Content's NOC unit groups; built on the first search, then reused."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._built: _Built | None = None
        self._lock = threading.Lock()
        self._codes2021 = sorted(content.noc2021)
        self._codes2016 = sorted(content.noc2016)

    def _index(self) -> _Built:
        built = self._built
        if built is None:
            with self._lock:
                built = self._built
                if built is None:
                    built = self._built = _Built(self.content)
        return built

    def prepare(self) -> None:
        """Build the index now (for example in a background worker) rather than on first use."""
        self._index()

    def search(self, query: str, limit: int = 20, system: str = "noc2021") -> list[OccupationMatch]:
        """The unit groups a picker shows for ``query``: code prefixes for digits, titles for
        words; [] for a blank query."""
        if system not in ("noc2021", "noc2016"):
            raise ValueError(f"unknown occupation system {system!r}")
        if limit <= 0 or not query.strip():
            return []
        digits = _code_query(query)
        if digits is not None:
            found = self._by_code(digits, limit, system)
            if found:
                return found
        words = _query_words(query)[:MAX_QUERY_WORDS]
        if not words:
            return []
        built = self._index()
        matchers = []
        for word in words:
            matcher = built.matcher(word)
            if matcher is None:
                return []
            matchers.append(matcher)
        if system == "noc2016":
            return self._search_2016(built, words, matchers, limit)
        return self._search_2021(built, words, matchers, limit)

    # ---------------------------------------------------------------- codes
    def _by_code(self, digits: str, limit: int, system: str) -> list[OccupationMatch]:
        codes = self._codes2021 if system == "noc2021" else self._codes2016
        start = bisect.bisect_left(codes, digits)
        found: list[OccupationMatch] = []
        for code in itertools.islice(codes, start, None):
            if not code.startswith(digits) or len(found) >= limit:
                break
            found.append(self._match(code, "", system))
        return found

    def _match(self, code: str, matched: str, system: str) -> OccupationMatch:
        if system == "noc2021":
            group = self.content.noc2021[code]
            return OccupationMatch(code, group.title_en, f"TEER {group.teer}", matched, "noc2021")
        old = self.content.noc2016[code]
        level = (
            "NOC 2016 skill type 0"
            if old.skill_level == "0"
            else f"NOC 2016 skill level {old.skill_level}"
        )
        return OccupationMatch(code, old.title, level, matched, "noc2016")

    # ---------------------------------------------------------------- words
    def _search_2021(
        self, built: _Built, words: Sequence[str], matchers: Sequence[_Matcher], limit: int
    ) -> list[OccupationMatch]:
        # tier 0: a whole title equals the query; 1: unit-group title; 2: example title;
        # 3: French unit-group title, only when nothing in English matches
        ranked: dict[str, tuple[int, int, int, int, int]] = {}
        shown: dict[str, str] = {}
        exact_examples = built.examples.exact_matches(words)
        for code, number in built.titles.exact_matches(words).items():
            ranked[code] = (0, 0, 0, built.titles.lengths[number], number)
            shown[code] = built.titles.texts[number]
        for code, number in exact_examples.items():
            if code not in ranked:
                ranked[code] = (0, 1, 0, built.examples.lengths[number], number)
        for code, key in built.titles.best_per_code(matchers).items():
            if code not in ranked:
                ranked[code] = (1, *key)
                shown[code] = built.titles.texts[key[3]]
        if len(ranked) >= limit:
            # the list is full: the examples only supply the `matched` text of what is shown
            shortlist = sorted(ranked, key=lambda code: (ranked[code], code))[:limit]
            example_keys = built.examples.best_per_code(matchers, shortlist)
        else:
            example_keys = built.examples.best_per_code(matchers)
        for code, key in example_keys.items():
            if code not in ranked:
                ranked[code] = (2, *key)
        if not ranked:
            for code, key in built.french.best_per_code(matchers).items():
                ranked[code] = (3, *key)
                shown[code] = built.french.texts[key[3]]
        results = []
        for code in sorted(ranked, key=lambda code: (ranked[code], code))[:limit]:
            if code in exact_examples:
                matched = built.examples.texts[exact_examples[code]]
            elif code in example_keys:
                matched = built.examples.texts[example_keys[code][3]]
            else:
                matched = shown[code]
            results.append(self._match(code, matched, "noc2021"))
        return results

    def _search_2016(
        self, built: _Built, words: Sequence[str], matchers: Sequence[_Matcher], limit: int
    ) -> list[OccupationMatch]:
        corpus = built.noc2016
        ranked: dict[str, tuple[int, int, int, int, int]] = {}
        for code, number in corpus.exact_matches(words).items():
            ranked[code] = (0, 0, 0, corpus.lengths[number], number)
        for code, key in corpus.best_per_code(matchers).items():
            if code not in ranked:
                ranked[code] = (1, *key)
        ordered = sorted(ranked, key=lambda code: (ranked[code], code))[:limit]
        return [self._match(code, corpus.texts[ranked[code][4]], "noc2016") for code in ordered]


def _code_query(query: str) -> str | None:
    """The digits of a code query ("213", "21231", "NOC 2131"), or None for a text query."""
    compact = re.sub(r"[\s.\-]", "", query.casefold())
    if compact.startswith("noc"):
        compact = compact[3:]
    if compact and compact.isascii() and compact.isdigit():
        return compact
    return None


# One index per Content, so that every screen reuses the index built on the first search.
_INDEXES: dict[int, tuple[weakref.ref[Content], OccupationIndex]] = {}
_INDEXES_LOCK = threading.Lock()


def occupation_index(content: Content) -> OccupationIndex:
    """The shared (lazily built) index of ``content``."""
    key = id(content)
    with _INDEXES_LOCK:
        entry = _INDEXES.get(key)
        if entry is not None and entry[0]() is content:
            return entry[1]
        index = OccupationIndex(content)
        _INDEXES[key] = (weakref.ref(content, lambda _: _INDEXES.pop(key, None)), index)
        return index


# --------------------------------------------------------------------------- small lists

# Everyday names people type for countries whose ISO name differs (code → extra names).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "US": ("USA", "United States of America", "America"),
    "AE": ("UAE",),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast",),
    "NL": ("Holland",),
    "MM": ("Burma",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "KR": ("Korea", "Republic of Korea"),
    "RU": ("Russia",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo"),
    "VA": ("Vatican",),
}


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[tuple[str, ...], str]:
    """A name's normalized words, and the words joined by single spaces."""
    words = tuple(_words(name))
    return words, " ".join(words)


class _NameQuery:
    """A query against short lists of names (countries, professions), matched on word starts."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.joined = " ".join(words)
        # one-typo prefixes of the long words (see _edits), computed when first needed
        self._typos: list[frozenset[str]] | None = None

    def rank(self, names: Iterable[str], typo: bool = False) -> int | None:
        """How the best of ``names`` matches: 0 equal to the query, 1 starting with it,
        2 every query word starts a word of the name, 3 the same with one typo in each long
        word (only when ``typo``); None when no name matches."""
        best: int | None = None
        for name in names:
            tokens, joined = _name_words(name)
            if typo:
                rank = 3 if self._typo_match(tokens) else None
            elif joined == self.joined:
                rank = 0
            elif joined.startswith(self.joined):
                rank = 1
            elif all(any(token.startswith(word) for token in tokens) for word in self.words):
                rank = 2
            else:
                rank = None
            if rank is not None and (best is None or rank < best):
                best = rank
        return best

    def _typo_match(self, tokens: Sequence[str]) -> bool:
        if self._typos is None:
            self._typos = [
                frozenset(set.union(*_edits(word)) if len(word) >= FUZZY_MIN_LENGTH else ())
                for word in self.words
            ]
        for word, typos in zip(self.words, self._typos, strict=True):
            size = len(word)
            if not any(
                token.startswith(word)
                or token[: size - 1] in typos
                or token[:size] in typos
                or token[: size + 1] in typos
                for token in tokens
            ):
                return False
        return True


def search_countries(content: Content, query: str, limit: int = 20) -> list[Country]:
    """Countries for a picker: an exact ISO alpha-2 code first ("mx" → Mexico), then names
    (or common other names, see COUNTRY_ALIASES) equal to the query, starting with it, and
    with every query word starting a word, alphabetically within each; one typo is tolerated
    in long words when no name matches. [] for a blank query."""
    words = _query_words(query)
    if not words or limit <= 0:
        return []
    code = query.strip().upper()
    ranked: dict[str, tuple[int, str]] = {}
    if code in content.countries:
        ranked[code] = (-1, "")
    name_query = _NameQuery(words)
    for typo in (False, True):
        for country in content.countries.values():
            if country.code in ranked:
                continue
            names = (country.name, *COUNTRY_ALIASES.get(country.code, ()))
            rank = name_query.rank(names, typo)
            if rank is not None:
                ranked[country.code] = (rank, _name_words(country.name)[1])
        if any(rank >= 0 for rank, _ in ranked.values()):
            break
    ordered = sorted(ranked, key=lambda found: (ranked[found], found))
    return [content.countries[found] for found in ordered[:limit]]


def search_cusma_professions(
    content: Content, query: str, limit: int = 20
) -> list[CusmaProfession]:
    """CUSMA Appendix 2 professions whose name or an alias matches (word starts): a name or
    alias equal to the query first, then those starting with it, then the rest, each in file
    order; one typo is tolerated in long words when nothing matches. A blank query lists all
    the professions in file order, whatever ``limit`` (the picker's full list)."""
    professions = content.cusma_professions
    words = _query_words(query)
    if not words:
        return list(professions)
    if limit <= 0:
        return []
    name_query = _NameQuery(words)
    ranked: list[tuple[int, int]] = []
    for typo in (False, True):
        for number, profession in enumerate(professions):
            rank = name_query.rank((profession.name, *profession.aliases), typo)
            if rank is not None:
                ranked.append((rank, number))
        if ranked:
            break
    ranked.sort()
    return [professions[number] for _, number in ranked[:limit]]
