"""The tokens in braces that content texts may hold beyond their own placeholders: words
chosen for the perspective (the worker, or the Canadian employer), and the answers a
question's text may name. ``ftawizard.engine.wording`` resolves them; the loader and
``content check`` report any other token, which would otherwise reach people verbatim.

A perspective token is a pair ``{worker's words|employer's words}`` ("{You are|The worker
is} a citizen of {country}") or one of the short forms below ("{You are}", "{your}").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

# short form -> (the worker's words, the employer's words)
PERSPECTIVE_TOKENS: Mapping[str, tuple[str, str]] = {
    "You": ("You", "The worker"),
    "you": ("you", "the worker"),
    "Your": ("Your", "The worker's"),
    "your": ("your", "the worker's"),
    "You are": ("You are", "The worker is"),
    "you are": ("you are", "the worker is"),
    "You have": ("You have", "The worker has"),
    "you have": ("you have", "the worker has"),
    "You do": ("You do", "The worker does"),
    "you do": ("you do", "the worker does"),
    "You were": ("You were", "The worker was"),
    "you were": ("you were", "the worker was"),
    "yourself": ("yourself", "themselves"),
}

# answer placeholders a question's prompt, help or find_out may hold
QUESTION_PLACEHOLDERS = frozenset({"province", "citizenship", "canadian_business"})

TOKEN = re.compile(r"\{([^{}]*)\}")
# characters str.format reads as more than a name (attribute, index, conversion, format)
_FORMAT_SYNTAX = re.compile(r"[.\[\]!:]")


def perspective_words(inside: str, employer: bool) -> str | None:
    """The words of the perspective token ``{inside}`` for the worker or the employer, or
    None when it is not one."""
    pair = PERSPECTIVE_TOKENS.get(inside)
    if pair is not None:
        return pair[employer]
    if is_pair(inside):
        worker_words, _, employer_words = inside.partition("|")
        return employer_words if employer else worker_words
    return None


def is_pair(inside: str) -> bool:
    return (
        inside.count("|") == 1
        and all(part.strip() for part in inside.split("|"))
        and not _FORMAT_SYNTAX.search(inside)
    )


def unknown_tokens(text: str, placeholders: Collection[str] = ()) -> list[str]:
    """The tokens of ``text`` that are neither perspective tokens nor among
    ``placeholders``: "{categry}", "{You're}", "{a|b|c}"."""
    unknown = []
    for match in TOKEN.finditer(text):
        inside = match.group(1)
        if inside in PERSPECTIVE_TOKENS or inside in placeholders or is_pair(inside):
            continue
        unknown.append(match.group(0))
    return unknown
