"""How deeply a parsed JSON or TOML value nests, measured without recursion.

Python's parsers stop at about 1,000 levels with a ``RecursionError``; a value that parsed may
still be too deep for the code that walks it later (writing it back, comparing it). Files a
person or a program hands to ftawizard never need more than a few levels, so readers refuse
anything deeper than a small limit with a clear message instead.
"""

from __future__ import annotations

MAX_DEPTH = 64


def nesting_depth(value: object, limit: int = MAX_DEPTH) -> int:
    """The depth of ``value`` (a scalar is 0, ``[]`` is 1, ``[[1]]`` is 2), counted up to
    ``limit + 1``: any result above ``limit`` means "too deep"."""
    deepest = 0
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        pending.extend((child, depth) for child in children)
    return deepest
