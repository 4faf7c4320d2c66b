"""The wizard's styles, parsed once and kept between runs.

Textual parses every stylesheet it uses at each start: ``app.tcss`` and the default styles
of each kind of widget shown. Before the start screen's first frame that was about 20 ms
(a fifth of what ftawizard adds to a bare Textual app's start), and each screen shown for
the first time parsed the styles of its widgets in the middle of a screen change.

``CachedStylesheet`` keeps the parsed rules of each source in the user's cache folder and
reads them back on the next run. A stored parse is used only for exactly the same text,
location, scope and theme variables, under the same Textual and Python, so what a widget
looks like never depends on the cache; a missing, old or damaged file is ignored and
replaced. A source with a problem is never stored: its errors are reported as Textual
always reported them. Textual's version is pinned in pyproject.toml: the stored rules are
Textual's own objects (``RuleSet``), pickled.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import textual.css
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from ftawizard.cache_dir import cache_dir, caching_disabled, write_atomically

try:  # the C pickler alone: module ``pickle`` adds its pure-Python fallbacks (~3 ms)
    import _pickle as pickle
except ImportError:  # pragma: no cover - not CPython
    import pickle  # type: ignore[no-redef]

STYLES_FILE = "styles.pickle"
_PROTOCOL = 5
# more sources than ftawizard ever shows: a file that grew past it (stylesheets edited
# again and again) keeps only the sources of the last run
_MOST = 200

# where a source's rules are stored: its location, whether they are a widget's defaults,
# their tie-breaker and scope
SourceKey = tuple[CSSLocation, bool, int, str]


def _format() -> str:
    """What the stored rules depend on besides their sources: Python, and Textual's parser
    and style classes, told apart by their files' sizes and times (``textual.__version__``
    would import importlib.metadata, 15 ms of a start, to read the same thing)."""
    folder = os.path.dirname(textual.css.__file__)
    files = []
    for name in ("model.py", "parse.py", "styles.py", "tokenize.py", "types.py"):
        status = os.stat(os.path.join(folder, name))
        files.append(f"{name} {status.st_size} {status.st_mtime_ns}")
    return f"ftawizard styles 1, Python {sys.version}, Textual in {folder}: {', '.join(files)}"


class CachedStylesheet(Stylesheet):
    """A ``Stylesheet`` that takes a source's parsed rules from the cache file when it
    holds that source's exact text, and notes what it had to parse (``save``).

    The file serves the theme the app starts with: what is parsed after a change of theme
    (the command palette's) is not kept, so that the next start still finds its styles."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._start_variables = dict(self._variables)
        # source -> (its text, its rules pickled), as read from the file and not used yet
        # (None: not read yet)
        self._stored: dict[SourceKey, tuple[str, bytes]] | None = None
        self._stored_variables: dict[str, str] = {}
        # what was parsed in this run with the theme the app started with
        self._parsed: dict[SourceKey, tuple[str, list[RuleSet]]] = {}
        self.hits = 0  # sources taken from the cache in this run

    def _stored_sources(self) -> dict[SourceKey, tuple[str, bytes]]:
        """What the file holds for the theme in use now (nothing for another theme)."""
        self._read()
        assert self._stored is not None
        return self._stored if self._stored_variables == self._variables else {}

    def _read(self) -> None:
        if self._stored is None:
            self._stored = {}
            if not caching_disabled():
                with contextlib.suppress(Exception):  # missing, old or damaged: a miss
                    with (cache_dir() / STYLES_FILE).open("rb") as stream:
                        stored = pickle.load(stream)
                    kind, variables, sources = stored
                    if kind == _format() and isinstance(sources, dict):
                        self._stored_variables, self._stored = variables, sources

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        memo = (css, read_from, is_default_rules, tie_breaker, scope)
        if memo in self._parse_cache:  # parsed already in this run
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        key: SourceKey = (read_from, is_default_rules, tie_breaker, scope)
        # taken out of the file's contents once used (``save`` reads the file again)
        stored = self._stored_sources().pop(key, None)
        if stored is not None and stored[0] == css:
            rules = _unpickled_rules(stored[1])
            if rules is not None:
                self.hits += 1
                self._parse_cache[memo] = rules
                return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if self._variables == self._start_variables and not any(rule.errors for rule in rules):
            self._parsed[key] = (css, rules)
        return rules

    def save(self) -> None:
        """Write the sources parsed in this run to the cache file, beside those it already
        holds; nothing if every source came from it. Never raises: the cache is an aid."""
        if not self._parsed or caching_disabled():
            return
        with contextlib.suppress(Exception):
            self._stored = None  # what the file holds now (sources used were let go)
            self._read()
            assert self._stored is not None
            start = self._start_variables
            sources = dict(self._stored) if self._stored_variables == start else {}
            if len(sources) + len(self._parsed) > _MOST:
                sources = {}
            for key, (css, rules) in self._parsed.items():
                sources[key] = (css, pickle.dumps(rules, protocol=_PROTOCOL))
            stored = (_format(), start, sources)
            write_atomically(STYLES_FILE, lambda stream: pickle.dump(stored, stream, _PROTOCOL))
            self._stored, self._stored_variables = sources, start
            self._parsed.clear()


def _unpickled_rules(data: bytes) -> list[RuleSet] | None:
    try:
        rules: Any = pickle.loads(data)
    except Exception:
        return None
    if isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules):
        return rules
    return None
