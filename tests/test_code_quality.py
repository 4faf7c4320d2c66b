"""Lint and types are part of the suite, so CI enforces them with the one test command."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    if (
        shutil.which(name) is None
        and subprocess.run(
            [sys.executable, "-m", name, "--version"], capture_output=True
        ).returncode
    ):
        pytest.skip(f"{name} is not installed (install the test extras: pip install -e '.[test]')")
    return [sys.executable, "-m", name]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", "ftawizard", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_engine_and_content() -> None:
    result = subprocess.run([*_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- Textual's public API only
#
# ftawizard uses Textual through its public API, so that a Textual upgrade needs no audit of
# its internals. An AST scan of ftawizard/ fails on:
# - an import of a private Textual module (a path segment starting with "_") or of a name
#   starting with "_" from Textual;
# - a method named "_x" defined in a subclass of a Textual class that Textual's class also
#   defines (an override of an internal);
# - an assignment to an attribute of a Textual module or class (a monkeypatch), including
#   setattr(...) on one.


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _textual_module(module: str) -> bool:
    return module == "textual" or module.startswith("textual.")


def _private_path(module: str) -> bool:
    return any(_is_private(part) for part in module.split("."))


class _Module:
    """What one source file says: its imports (local name -> dotted origin), its classes
    (name -> bases as dotted names, and the methods each defines) and its offences."""

    def __init__(self, name: str, tree: ast.Module) -> None:
        self.name = name
        self.tree = tree
        self.names: dict[str, str] = {}  # local name -> "textual.widgets.Button", "os"…
        self.classes: dict[str, tuple[list[str], list[ast.FunctionDef | ast.AsyncFunctionDef]]] = {}
        self.problems: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self._import(node, alias.name)
                    if alias.asname:
                        self.names[alias.asname] = alias.name
                    else:
                        self.names[alias.name.split(".")[0]] = alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                self._import(node, node.module)
                for alias in node.names:
                    origin = f"{node.module}.{alias.name}"
                    if _textual_module(node.module) and _is_private(alias.name):
                        self.problems.append(
                            f"line {node.lineno}: imports the private name {origin}"
                        )
                    self.names[alias.asname or alias.name] = origin
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = [self.dotted(base) for base in node.bases]
                methods = [
                    item
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                ]
                self.classes[node.name] = ([base for base in bases if base], methods)

    def _import(self, node: ast.stmt, module: str) -> None:
        if _textual_module(module) and _private_path(module):
            self.problems.append(f"line {node.lineno}: imports the private module {module}")

    def dotted(self, node: ast.expr) -> str | None:
        """The dotted origin of a name or attribute chain (``widgets.Button`` ->
        ``textual.widgets.Button``), or None."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id, f"{self.name}.{node.id}")
        if isinstance(node, ast.Attribute):
            owner = self.dotted(node.value)
            return f"{owner}.{node.attr}" if owner else None
        if isinstance(node, ast.Subscript):  # Screen[None]
            return self.dotted(node.value)
        return None


def _textual_object(dotted: str) -> object | None:
    """The Textual module or attribute that ``dotted`` names, or None."""
    if not _textual_module(dotted):
        return None
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute, None)
            if found is None:
                return None
        return found
    return None


def textual_api_problems(sources: dict[str, str]) -> list[str]:
    """The private Textual uses in ``sources`` (module name -> source text)."""
    modules = {name: _Module(name, ast.parse(text)) for name, text in sources.items()}
    problems = [
        f"{name}: {problem}" for name, module in modules.items() for problem in module.problems
    ]

    def textual_bases(module: _Module, class_name: str, seen: set[str]) -> list[type]:
        """The Textual classes a class of ours derives from (through our own classes)."""
        key = f"{module.name}.{class_name}"
        if key in seen or class_name not in module.classes:
            return []
        seen.add(key)
        found: list[type] = []
        for base in module.classes[class_name][0]:
            target = _textual_object(base)
            if isinstance(target, type):
                found.append(target)
                continue
            owner, _, name = base.rpartition(".")
            if owner in modules:
                found += textual_bases(modules[owner], name, seen)
        return found

    # names of our own: a private name we define is ours to use
    ours = {
        node.name
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        else node.attr
        for module in modules.values()
        for node in ast.walk(module.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        or (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store))
    } | {
        target.id
        for module in modules.values()
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    textual_classes: set[type] = {App, Screen, Widget}
    for module in modules.values():
        for class_name in module.classes:
            textual_classes.update(textual_bases(module, class_name, set()))
    theirs = {name for cls in textual_classes for name in dir(cls) if _is_private(name)} - ours

    for module in modules.values():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and node.attr in theirs:
                problems.append(
                    f"{module.name}: line {node.lineno}: uses Textual's private {node.attr}"
                )
        for class_name, (_, methods) in module.classes.items():
            bases = textual_bases(module, class_name, set())
            for method in methods:
                if _is_private(method.name) and any(hasattr(base, method.name) for base in bases):
                    problems.append(
                        f"{module.name}: line {method.lineno}: {class_name}.{method.name} "
                        "overrides a private method of Textual"
                    )
        for node in ast.walk(module.tree):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr")
                and node.args
            ):
                owner = module.dotted(node.args[0])
                if owner and _textual_object(owner) is not None:
                    problems.append(
                        f"{module.name}: line {node.lineno}: {node.func.id} on Textual's {owner}"
                    )
            elif isinstance(node, ast.Delete):
                targets = node.targets
            for target in targets:
                for item in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(item, ast.Attribute):
                        owner = module.dotted(item.value)
                        if owner and _textual_object(owner) is not None:
                            problems.append(
                                f"{module.name}: line {node.lineno}: assigns "
                                f"{owner}.{item.attr}, an attribute of Textual's"
                            )
    return problems


def _package_sources() -> dict[str, str]:
    sources = {}
    for path in sorted((ROOT / "ftawizard").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[name] = path.read_text(encoding="utf-8")
    return sources


def test_ftawizard_uses_only_textuals_public_api() -> None:
    assert textual_api_problems(_package_sources()) == []


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (
            "from textual.widgets._button import ButtonVariant",
            "private module textual.widgets._button",
        ),
        ("import textual._xterm_parser", "private module textual._xterm_parser"),
        (
            "from textual.keys import _character_to_key",
            "private name textual.keys._character_to_key",
        ),
        ("from textual import _context", "private name textual._context"),
        (
            "from textual.widget import Widget\nclass W(Widget):\n    def _render(self):\n        pass",
            "W._render overrides",
        ),
        (
            "from textual.screen import Screen\nclass S(Screen[None]):\n    async def _on_screen_resume(self, e):\n        pass",
            "S._on_screen_resume overrides",
        ),
        (
            "import textual.widgets as w\nclass O(w.OptionList):\n    def _scroll_update(self, size):\n        pass",
            "O._scroll_update overrides",
        ),
        (
            "from textual.strip import Strip\nStrip.__init__ = lambda self: None",
            "assigns textual.strip.Strip.__init__",
        ),
        ("import textual.keys\ntextual.keys.format_key = str", "assigns textual.keys.format_key"),
        ("import textual.app as a\na.format_key, x = str, 1", "assigns textual.app.format_key"),
        (
            "from textual.widgets import Button\nsetattr(Button, 'x', 1)",
            "setattr on Textual's textual.widgets.Button",
        ),
        ("def f(app):\n    app._register(app, None)", "uses Textual's private _register"),
        (
            "def f(screen):\n    screen._update_auto_focus()",
            "uses Textual's private _update_auto_focus",
        ),
    ],
)
def test_the_private_api_scan_catches(source: str, problem: str) -> None:
    found = textual_api_problems({"sample": source})
    assert len(found) == 1 and problem in found[0], found


def test_the_private_api_scan_follows_our_own_subclasses_and_allows_public_use() -> None:
    sources = {
        "pkg.base": "from textual.screen import Screen\nclass Page(Screen[None]):\n    def _look(self):\n        pass\n    def on_screen_resume(self, event):\n        event.refresh_styles = False",
        "pkg.page": "from pkg.base import Page\nclass Results(Page):\n    def _compositor_refresh(self):\n        pass\n    def _mine(self):\n        self._x = 1",
        "pkg.other": "from textual.widgets import Button\nclass Mine:\n    def _refresh_layout(self):\n        pass\nb = Button('x', compact=True)\nb.label = 'y'",
    }
    found = textual_api_problems(sources)
    assert len(found) == 1 and "Results._compositor_refresh overrides" in found[0], found
