"""SVG snapshots of the key screens (pytest-textual-snapshot).

Regenerate after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from ftawizard.tui.screenshots import SCENES, Scene, make_app


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_screen_snapshot(snap_compare, scene: Scene) -> None:
    assert snap_compare(make_app(), terminal_size=scene.size, run_before=scene.setup)
