"""Where the shipped content tree is.

An installed wheel carries it as ``ftawizard/_content`` (copied by the build hook in
``setup.py``); a source checkout or an editable install reads the top-level ``content/``.
``FTAWIZARD_CONTENT`` points at another tree (used by ``content check`` tests and by
people trying out edited rules).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def default_content_dir() -> Path:
    override = os.environ.get("FTAWIZARD_CONTENT")
    if override:
        return Path(override)
    shipped = _PACKAGE / "_content"
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / "content"
