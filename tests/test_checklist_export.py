"""The document checklist as a person takes it away: text and Markdown compared with stored
expected files (tests/golden/), HTML parsed, PDF text extracted, printing through a fake ``lp``.

After an intended change of wording or content, rewrite the expected files with
``FTAWIZARD_UPDATE_GOLDEN=1 pytest tests/test_checklist_export.py`` and read the diff.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from ftawizard.content import Content, load_content
from ftawizard.engine import assess, parse_answers
from ftawizard.engine.evaluate import Verdict
from ftawizard.export.checklist import (
    Checklist,
    RouteChoiceError,
    build_checklist,
    format_fee,
    select_routes,
)
from ftawizard.export.command import default_path, run_checklist
from ftawizard.export.html import render_checklist_html
from ftawizard.export.markdown import render_checklist_markdown
from ftawizard.export.printer import printer_command, send_to_printer
from ftawizard.export.text import render_checklist_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
MADE_ON = dt.date(2026, 11, 23)
# SOURCE_DATE_EPOCH for MADE_ON (00:00 UTC): the CLI's "today" in subprocess tests
EPOCH = str(int(dt.datetime.combine(MADE_ON, dt.time(), tzinfo=dt.UTC).timestamp()))
UPDATE = os.environ.get("FTAWIZARD_UPDATE_GOLDEN") == "1"


def load_example(name: str) -> dict[str, object]:
    path = EXAMPLES / name
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    return dict(data)


# name -> (answers, ticked documents, routes asked for)
PERSONAS: dict[str, tuple[dict[str, object], frozenset[str], list[str] | None]] = {
    "peruvian-chef": (
        load_example("peruvian-chef.toml"),
        frozenset({"passport", "employer_portal_offer"}),
        None,
    ),
    "mexican-civil-engineer": (
        load_example("mexican-civil-engineer.toml"),
        frozenset({"passport", "proof_citizenship", "spouse_passport", "employer_compliance_fee"}),
        None,
    ),
    "japanese-designer-employer": (
        load_example("japanese-industrial-designer.json"),
        frozenset({"signed_employment_agreement"}),
        None,
    ),
    "american-nurse-cusma": (
        load_example("american-registered-nurse.toml"),
        frozenset(),
        ["cusma.professional"],
    ),
    # the five people of the application-checklist study (tests/personas): every item IRCC
    # asks of them and their family, or a "check with …" line where a fact is unconfirmed
    **{
        f"application-{path.stem}": (
            json.loads(path.read_text(encoding="utf-8")),
            frozenset(),
            None,
        )
        for path in sorted((Path(__file__).resolve().parent / "personas").glob("*.json"))
    },
}


def make(content: Content, persona: str) -> Checklist:
    raw, ticked, routes = PERSONAS[persona]
    answers = parse_answers(content, raw, today=MADE_ON)
    return build_checklist(content, assess(content, answers), ticked, routes, made_on=MADE_ON)


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with FTAWIZARD_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the expected file (see the diff above)"


def squash(text: str) -> str:
    """Whitespace (line breaks of wrapped text) collapsed to single spaces."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- the content


def test_every_route_has_steps_and_every_fee_is_dated_and_sourced(content: Content) -> None:
    for category in content.categories:
        assert category.steps, f"{category.route_id} has no [[categories.steps]]"
    for step in content.steps.values():
        assert step.source in content.sources
        if step.fee is not None:
            assert step.fee.amount > 0 and step.fee.currency == "CAD"
            assert step.fee.checked > dt.date(2024, 1, 1)
            # the amounts were read in 2024-2025, December 2025 reports left them alone,
            # and every fee text still sends the person to IRCC's fee list
            assert "check IRCC's fee list before paying" in step.text, step.id


def test_fee_amounts_are_the_ones_the_sources_give(content: Content) -> None:
    amounts = {step_id: step.fee.amount for step_id, step in content.steps.items() if step.fee}
    assert amounts == {
        "employer_compliance_fee": 230,  # R303.1
        "work_permit_fee": 155,  # R299
        "biometrics_fee": 85,  # R315.1
        "spouse_work_permit_fee": 155,  # R299
        "open_work_permit_holder_fee": 100,  # R303.2
    }
    owp = content.steps["open_work_permit_holder_fee"]
    assert "inference" in owp.text
    assert "$170" in content.steps["biometrics_fee"].text


def test_spouse_route_has_the_spouse_fees(content: Content) -> None:
    spouse = next(c for c in content.categories if c.route_id == "cptpp.spouse")
    assert [ref.id for ref in spouse.steps] == [
        "spouse_work_permit_fee",
        "open_work_permit_holder_fee",
        "biometrics_fee",
    ]


def test_amounts_come_from_the_content_tree(content_copy: Path) -> None:
    steps = content_copy / "steps.toml"
    text = steps.read_text(encoding="utf-8")
    steps.write_text(text.replace("amount = 155,", "amount = 160.5,"), encoding="utf-8")
    tree = load_content(content_copy)
    raw = load_example("peruvian-chef.toml")
    checklist = build_checklist(
        tree, assess(tree, parse_answers(tree, raw, today=MADE_ON)), made_on=MADE_ON
    )
    rendered = render_checklist_text(checklist)
    assert "Work permit processing fee (the worker): $160.50 CAD" in rendered
    assert "$155 CAD" not in rendered


# --------------------------------------------------------------------------- the model


def test_default_routes_are_the_eligible_ones(content: Content) -> None:
    checklist = make(content, "mexican-civil-engineer")
    # in the content's agreement order (manifest.toml): CUSMA first
    assert [route.route_id for route in checklist.routes] == [
        "cusma.professional",
        "cptpp.professional",
        "cptpp.spouse",
    ]
    assert all(route.verdict is Verdict.ELIGIBLE for route in checklist.routes)
    assert [route.tag for route in checklist.routes] == ["CUSMA T36", "CPTPP T52", "CPTPP T53"]


def test_default_routes_fall_back_to_the_ones_that_need_information(content: Content) -> None:
    raw = {"perspective": "worker", "citizenship": "JP"}
    assessment = assess(content, parse_answers(content, raw, today=MADE_ON))
    routes = select_routes(content, assessment)
    assert routes and all(route.verdict is Verdict.NEEDS_INFO for route in routes)
    checklist = build_checklist(content, assessment, made_on=MADE_ON)
    # both CPTPP principal routes share T52: the tags fall back to the full labels
    tags = [route.tag for route in checklist.routes]
    assert "CPTPP Professionals (T52)" in tags and "CPTPP Technicians (T52)" in tags
    assert all(route.still_to_answer for route in checklist.routes)


def test_route_choice_errors_say_what_would_work(content: Content) -> None:
    raw = load_example("peruvian-chef.toml")
    assessment = assess(content, parse_answers(content, raw, today=MADE_ON))
    with pytest.raises(RouteChoiceError, match=r"there is no route 'cptpp\.nope'; the routes are"):
        select_routes(content, assessment, ["cptpp.nope"])
    with pytest.raises(RouteChoiceError, match=r"'cusma\.professional' is not open") as error:
        select_routes(content, assessment, ["cusma.professional"])
    assert "cpfta.technician" in str(error.value)
    chosen = select_routes(content, assessment, ["cptpp.technician"])
    assert [route.verdict for route in chosen] == [Verdict.NOT_ELIGIBLE]


def test_documents_are_grouped_deduplicated_and_ticked(content: Content) -> None:
    checklist = make(content, "mexican-civil-engineer")
    assert [group.group for group in checklist.groups] == [
        "application",
        "identity",
        "evidence",
        "medical",
        "family",
        "employer",
        "fees",
    ]
    ids = [document.id for document in checklist.documents]
    assert len(ids) == len(set(ids))
    ticked = {document.id for document in checklist.documents if document.checked}
    # the passport proves the citizenship: one identity document instead of two
    assert "proof_citizenship" not in ids
    assert ticked == PERSONAS["mexican-civil-engineer"][1] - {"proof_citizenship"}
    spouse_passport = next(d for d in checklist.documents if d.id == "spouse_passport")
    assert spouse_passport.routes == ("CPTPP T53",)
    # the employer reads their own documents first
    employer = make(content, "japanese-designer-employer")
    assert employer.groups[0].group == "employer"


def test_steps_and_notes_are_listed_once(content: Content) -> None:
    checklist = make(content, "mexican-civil-engineer")
    assert [step.id for step in checklist.steps] == [
        "employer_offer",
        "employer_compliance_fee",
        "worker_application",
    ]
    # the fees are in the fees group, per person, with the family's total
    fees = next(group for group in checklist.groups if group.group == "fees")
    titles = [document.title for document in fees.documents]
    assert any("Biometrics fee" in title and "$170 CAD" in title for title in titles)
    assert any(title.startswith("Open work permit holder fee") for title in titles)
    texts = [note.text for note in checklist.general_notes + checklist.route_notes]
    assert len(texts) == len(set(texts))
    assert any("port of entry" in text for text in texts)
    cited = {source.id for source in checklist.sources}
    assert {"irpr_299", "irpr_303_2", "irpr_315_1", "employer_specific"} <= cited
    assert list(cited) and len(cited) == len(checklist.sources)


def test_passport_note_follows_the_citizenship(content: Content) -> None:
    nurse = make(content, "american-nurse-cusma")
    chef = make(content, "peruvian-chef")
    assert any("U.S. nationals are exempt" in note.text for note in nurse.general_notes)
    assert not any("U.S. nationals are exempt" in note.text for note in chef.general_notes)
    assert any("beyond the passport's validity" in note.text for note in chef.general_notes)


def test_fee_formatting() -> None:
    from ftawizard.content.models import Fee

    fee = Fee(1234.5, "CAD", "family (maximum)", dt.date(2025, 3, 27))
    assert format_fee(fee) == "$1,234.50 CAD per family (maximum) (amount checked 2025-03-27)"


# --------------------------------------------------------------------------- text and Markdown


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_text_matches_the_expected_file(content: Content, persona: str) -> None:
    compare(f"checklist-{persona}.txt", render_checklist_text(make(content, persona)))


@pytest.mark.parametrize("persona", ["peruvian-chef", "mexican-civil-engineer"])
def test_markdown_matches_the_expected_file(content: Content, persona: str) -> None:
    compare(f"checklist-{persona}.md", render_checklist_markdown(make(content, persona)))


def test_output_is_deterministic(content: Content) -> None:
    assert render_checklist_text(make(content, "mexican-civil-engineer")) == (
        render_checklist_text(make(content, "mexican-civil-engineer"))
    )


def test_markdown_escapes_markup(content: Content) -> None:
    checklist = make(content, "peruvian-chef")
    first = checklist.groups[0].documents[0]
    evil = attrs.evolve(first, title="*bold* [link](http://x) <b>tag</b> `code` $5 $6")
    group = attrs.evolve(checklist.groups[0], documents=(evil,))
    rendered = render_checklist_markdown(attrs.evolve(checklist, groups=(group,)))
    assert r"\*bold\* \[link\](http://x) \<b\>tag\</b\> \`code\` \$5 \$6" in rendered, rendered


# --------------------------------------------------------------------------- HTML


class _Page(HTMLParser):
    """Collects the documents (id, ticked, title) and every text node of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: dict[str, bool] = {}
        self.labels: dict[str, str] = {}
        self.text: list[str] = []
        self.tags: list[str] = []
        self._label: str | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attributes)
        if tag == "input" and values.get("type") == "checkbox":
            box_id = str(values["id"]).removeprefix("doc-")
            self.documents[box_id] = "checked" in values
        if tag == "label":
            self._label = str(values["for"]).removeprefix("doc-")
            self.labels[self._label] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._label is not None:
            self.labels[self._label] += data


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_html_has_every_document_with_its_tick(content: Content, persona: str) -> None:
    checklist = make(content, persona)
    page = _Page()
    page.feed(render_checklist_html(checklist))
    assert page.documents == {document.id: document.checked for document in checklist.documents}
    for document in checklist.documents:
        assert page.labels[document.id] == document.title
    text = squash(" ".join(page.text))
    for step in checklist.steps:
        assert squash(step.title) in text
        if step.fee is not None:
            assert format_fee(step.fee) in text
    for note in checklist.general_notes:
        assert squash(note.text) in text
    assert f"content {checklist.content_version}" in text
    assert "<script" not in " ".join(page.tags)


def test_html_is_self_contained_and_print_friendly(content: Content) -> None:
    rendered = render_checklist_html(make(content, "peruvian-chef"))
    assert rendered.startswith("<!DOCTYPE html>")
    assert "@media print" in rendered and '<meta charset="utf-8">' in rendered
    assert "<link" not in rendered and "<script" not in rendered and "src=" not in rendered


def test_html_escapes_everything(content: Content) -> None:
    checklist = make(content, "peruvian-chef")
    person = attrs.evolve(checklist.person, citizenship='<script>alert("x")</script> & Perú')
    first = checklist.groups[0].documents[0]
    evil = attrs.evolve(first, title="<img src=x onerror=alert(1)>", why='"quoted" & <b>')
    group = attrs.evolve(checklist.groups[0], documents=(evil,))
    rendered = render_checklist_html(attrs.evolve(checklist, person=person, groups=(group,)))
    page = _Page()
    page.feed(rendered)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    text = " ".join(page.text)
    assert '<script>alert("x")</script> & Perú' in text
    assert page.labels[first.id] == "<img src=x onerror=alert(1)>"


# --------------------------------------------------------------------------- PDF


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("persona", ["peruvian-chef", "mexican-civil-engineer"])
def test_pdf_has_every_document_with_its_tick(content: Content, persona: str) -> None:
    from ftawizard.export.pdf import render_checklist_pdf

    checklist = make(content, persona)
    data = render_checklist_pdf(checklist)
    assert data.startswith(b"%PDF-")
    text = squash(pdf_text(data))
    for document in checklist.documents:
        box = "☑" if document.checked else "☐"
        assert f"{box} {squash(document.title)}" in text, document.id
    assert text.count("☑") == checklist.ticked
    assert text.count("☐") == len(checklist.documents) - checklist.ticked
    for step in checklist.steps:
        if step.fee is not None:
            assert format_fee(step.fee) in text
    assert "Canada–Peru" in text or persona != "peruvian-chef"
    assert f"content {checklist.content_version}" in text


def test_pdf_prints_accents(content: Content) -> None:
    from ftawizard.export.pdf import render_checklist_pdf

    checklist = make(content, "peruvian-chef")
    person = attrs.evolve(checklist.person, citizenship="Perú", province="Québec")
    first = checklist.groups[0].documents[0]
    accented = attrs.evolve(first, title="Título profesional — diplôme d'études, Ñuñoa")
    group = attrs.evolve(
        checklist.groups[0], documents=(accented, *checklist.groups[0].documents[1:])
    )
    data = render_checklist_pdf(
        attrs.evolve(checklist, person=person, groups=(group, *checklist.groups[1:]))
    )
    text = squash(pdf_text(data))
    assert "Perú" in text and "Québec" in text
    assert "Título profesional — diplôme d'études, Ñuñoa" in text


def test_pdf_is_deterministic_and_dated(content: Content) -> None:
    from pypdf import PdfReader

    from ftawizard.export.pdf import render_checklist_pdf

    checklist = make(content, "mexican-civil-engineer")
    first, second = render_checklist_pdf(checklist), render_checklist_pdf(checklist)
    assert first == second
    metadata = PdfReader(io.BytesIO(first)).metadata
    assert metadata is not None and metadata.creation_date is not None
    assert metadata.creation_date.date() == MADE_ON
    assert "Application checklist" in str(metadata.title)


def test_font_and_its_licence_ship_with_the_package() -> None:
    from ftawizard.export import pdf

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):
        assert (pdf.FONTS / name).is_file(), name
    assert "Bitstream Vera" in (pdf.FONTS / "LICENSE").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the command


def args(**values: object) -> argparse.Namespace:
    base: dict[str, object] = {
        "route": None,
        "format": "text",
        "output": None,
        "send_to_printer": False,
    }
    return argparse.Namespace(**{**base, **values})


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_run_checklist_writes_the_expected_text(content: Content) -> None:
    raw, ticked, _ = PERSONAS["peruvian-chef"]
    out, err = io.StringIO(), io.StringIO()
    status = run_checklist(
        args(), content, raw, set(ticked), made_on=MADE_ON, stdout=out, stderr=err
    )
    assert status == 0, err.getvalue()
    assert out.getvalue() == (GOLDEN / "checklist-peruvian-chef.txt").read_text(encoding="utf-8")


def test_a_pdf_is_not_poured_into_a_terminal(content: Content) -> None:
    raw = PERSONAS["peruvian-chef"][0]
    err = io.StringIO()
    status = run_checklist(
        args(format="pdf"), content, raw, set(), made_on=MADE_ON, stdout=_Terminal(), stderr=err
    )
    assert status == 2
    assert "--output FILE" in err.getvalue()


def test_run_checklist_writes_every_format(content: Content, tmp_path: Path) -> None:
    raw = PERSONAS["peruvian-chef"][0]
    for fmt, suffix in (("text", "txt"), ("markdown", "md"), ("html", "html"), ("pdf", "pdf")):
        target = tmp_path / f"checklist.{suffix}"
        out = io.StringIO()
        status = run_checklist(
            args(format=fmt, output=str(target)), content, raw, set(), made_on=MADE_ON, stdout=out
        )
        assert status == 0
        assert target.is_file() and target.stat().st_size > 1000
        assert f"Checklist written to {target}" in out.getvalue()


def test_a_mismatched_extension_is_pointed_out(content: Content, tmp_path: Path) -> None:
    err = io.StringIO()
    status = run_checklist(
        args(output=str(tmp_path / "checklist.pdf")),
        content,
        PERSONAS["peruvian-chef"][0],
        set(),
        made_on=MADE_ON,
        stdout=io.StringIO(),
        stderr=err,
    )
    assert status == 0
    assert "for pdf add --format pdf" in err.getvalue()


def test_default_path_never_overwrites(tmp_path: Path) -> None:
    first = default_path("pdf", MADE_ON, tmp_path)
    assert first.name == "ftawizard-checklist-2026-11-23.pdf"
    first.write_bytes(b"")
    assert default_path("pdf", MADE_ON, tmp_path).name == "ftawizard-checklist-2026-11-23-2.pdf"


def run_cli(*arguments: str, path: str, cwd: Path, extra: dict[str, str] | None = None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": EPOCH, "PATH": path}
    env.pop("FTAWIZARD_CONTENT", None)
    env.pop("NO_COLOR", None)
    env.update(extra or {})
    return subprocess.run(
        [sys.executable, "-m", "ftawizard", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_cli_checklist_of_a_session_matches_the_expected_file(
    content: Content, tmp_path: Path
) -> None:
    from ftawizard.sessions.service import store_for

    raw, ticked, _ = PERSONAS["peruvian-chef"]
    store = store_for(content, str(tmp_path / "data"))
    record = store.create("chef", dict(raw), content.version)
    store.save(attrs.evolve(record, checked=tuple(sorted(ticked))))
    result = run_cli(
        "--data-dir",
        str(tmp_path / "data"),
        "checklist",
        "--session",
        "chef",
        path=os.environ.get("PATH", ""),
        cwd=tmp_path,
        extra={"NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "checklist-peruvian-chef.txt").read_text(encoding="utf-8")


def test_cli_unknown_route_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    answers = str(EXAMPLES / "peruvian-chef.toml")
    result = run_cli(
        "checklist",
        "--answers",
        answers,
        "--route",
        "cusma.pro",
        path=os.environ.get("PATH", ""),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "there is no route 'cusma.pro'; the routes are: " in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli(
        "checklist",
        "--answers",
        answers,
        "--route",
        "cusma.professional",
        path=os.environ.get("PATH", ""),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "'cusma.professional' is not open on these answers" in result.stderr


def test_cli_route_picks_exactly_that_route(tmp_path: Path) -> None:
    result = run_cli(
        "checklist",
        "--answers",
        str(EXAMPLES / "mexican-civil-engineer.toml"),
        "--route",
        "cusma.professional",
        "--format",
        "markdown",
        path=os.environ.get("PATH", ""),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "**CUSMA — Professionals** — exemption code **T36 (formerly T23)**" in result.stdout
    assert "CPTPP — " not in result.stdout


def test_cli_bad_answers_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('citizenship = "XX"\n', encoding="utf-8")
    result = run_cli(
        "checklist", "--answers", str(bad), path=os.environ.get("PATH", ""), cwd=tmp_path
    )
    assert result.returncode == 2
    assert "citizenship" in result.stderr and "Traceback" not in result.stderr


def test_checklist_does_not_import_a_terminal_ui() -> None:
    """Like 'assess': no textual, rich or questionary for any format."""
    answers = str(EXAMPLES / "peruvian-chef.toml")
    code = (
        "import sys, contextlib, io, tempfile, os\n"
        "import ftawizard.cli as cli\n"
        "folder = tempfile.mkdtemp()\n"
        "for fmt in ('text', 'markdown', 'html', 'pdf'):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        cli.main(['checklist', '--answers', {answers!r}, '--format', fmt,\n"
        "                  '--output', os.path.join(folder, 'c.' + fmt)])\n"
        "ui = ('textual', 'rich', 'questionary', 'prompt_toolkit')\n"
        "print('IMPORTED', [name for name in ui if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert "IMPORTED []" in result.stdout, result.stdout + result.stderr


# --------------------------------------------------------------------------- printing


def fake_printer(folder: Path, name: str = "lp", status: int = 0, said: str = "") -> Path:
    """A ``lp``/``lpr`` that copies the file it is given to ``folder/printed`` and records
    its arguments in ``folder/argv.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, shutil, sys\n"
        "here = pathlib.Path(__file__).parent\n"
        "(here / 'argv.json').write_text(json.dumps(sys.argv[1:]))\n"
        f"if {status}:\n"
        f"    print({said!r}, file=sys.stderr)\n"
        f"    sys.exit({status})\n"
        "shutil.copyfile(sys.argv[-1], here / 'printed')\n"
        "print('request id is fake-printer-1 (1 file(s))')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return folder


def test_print_sends_the_text_to_lp(tmp_path: Path) -> None:
    bin_dir = fake_printer(tmp_path / "bin")
    target = tmp_path / "out" / "checklist.txt"
    target.parent.mkdir()
    result = run_cli(
        "checklist",
        "--answers",
        str(EXAMPLES / "peruvian-chef.toml"),
        "--output",
        str(target),
        "--print",
        path=str(bin_dir),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "with lp (request id is fake-printer-1 (1 file(s)))" in result.stdout
    printed = (bin_dir / "printed").read_text(encoding="utf-8")
    assert printed == target.read_text(encoding="utf-8")
    assert "[ ] Valid passport" in printed and "Canada–Peru FTA — Technicians" in printed
    assert json.loads((bin_dir / "argv.json").read_text()) == [
        "-t",
        "ftawizard checklist",
        str(target.resolve()),
    ]


def test_print_sends_the_pdf_and_keeps_it_next_to_the_person(tmp_path: Path) -> None:
    bin_dir = fake_printer(tmp_path / "bin")
    result = run_cli(
        "checklist",
        "--answers",
        str(EXAMPLES / "peruvian-chef.toml"),
        "--format",
        "pdf",
        "--print",
        path=str(bin_dir),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    kept = tmp_path / "ftawizard-checklist-2026-11-23.pdf"
    assert kept.is_file()
    assert (bin_dir / "printed").read_bytes() == kept.read_bytes()
    assert "Canada–Peru FTA" in pdf_text(kept.read_bytes())


def test_print_falls_back_to_lpr(tmp_path: Path) -> None:
    bin_dir = fake_printer(tmp_path / "bin", name="lpr")
    target = tmp_path / "c.txt"
    target.write_text("checklist\n", encoding="utf-8")
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = str(bin_dir)
    try:
        assert printer_command(target) == [
            str(bin_dir / "lpr"),
            "-J",
            "ftawizard checklist",
            str(target),
        ]
        result = send_to_printer(target)
    finally:
        os.environ["PATH"] = old
    assert result.printed and "with lpr" in result.message
    assert (bin_dir / "printed").read_text(encoding="utf-8") == "checklist\n"


def test_no_printer_says_so_and_where_the_file_is(tmp_path: Path) -> None:
    empty = tmp_path / "no-printer-here"
    empty.mkdir()
    result = run_cli(
        "checklist",
        "--answers",
        str(EXAMPLES / "peruvian-chef.toml"),
        "--print",
        path=str(empty),
        cwd=tmp_path,
    )
    kept = tmp_path / "ftawizard-checklist-2026-11-23.txt"
    assert result.returncode == 1
    assert "No printer command was found (neither lp nor lpr is installed)" in result.stderr
    assert f"The checklist was written to {kept}." in result.stderr
    assert kept.is_file() and "Valid passport" in kept.read_text(encoding="utf-8")


def test_a_failing_printer_is_reported(tmp_path: Path) -> None:
    bin_dir = fake_printer(
        tmp_path / "bin", status=1, said="lp: Error - no default destination available."
    )
    result = run_cli(
        "checklist",
        "--answers",
        str(EXAMPLES / "peruvian-chef.toml"),
        "--print",
        "--output",
        str(tmp_path / "c.txt"),
        path=str(bin_dir),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "lp did not print the checklist: lp: Error - no default destination available." in (
        result.stderr
    )
    assert f"written to {tmp_path / 'c.txt'}" in result.stderr


def test_print_refuses_markdown_and_html(tmp_path: Path) -> None:
    result = run_cli(
        "checklist",
        "--answers",
        str(EXAMPLES / "peruvian-chef.toml"),
        "--format",
        "html",
        "--print",
        path=os.environ.get("PATH", ""),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--print sends text or PDF to the printer, not html" in result.stderr
    assert not list(tmp_path.glob("ftawizard-checklist-*"))


# --------------------------------------------------------------------------- the wizard's dialog


async def _open_checklist(app, pilot) -> None:  # type: ignore[no-untyped-def]
    from ftawizard.sessions.state import WizardState
    from ftawizard.tui.screens.checklist import ChecklistScreen
    from ftawizard.tui.screenshots import MEXICAN_ENGINEER

    await pilot.pause()
    app.state = WizardState(answers=dict(MEXICAN_ENGINEER), checked={"passport"})
    app.continue_wizard()
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.pause()
    await pilot.press("d")  # the documents checklist ("c" compares the routes)
    await pilot.pause()
    assert isinstance(app.screen, ChecklistScreen)


async def test_export_dialog_writes_prints_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input, Static

    from ftawizard.tui.app import FtaWizardApp
    from ftawizard.tui.screens.checklist import ChecklistScreen
    from ftawizard.tui.screens.export_dialog import ExportDialog
    from ftawizard.tui.widgets.tickbox import TickBox

    bin_dir = fake_printer(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.chdir(tmp_path)
    app = FtaWizardApp(today=MADE_ON)
    async with app.run_test(size=(100, 34)) as pilot:
        await _open_checklist(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path", Input)
        assert field.value == str(tmp_path / "ftawizard-checklist-2026-11-23.pdf")
        # Markdown cannot be printed; the file name follows the format
        assert await pilot.click("#format-markdown")
        await pilot.pause()
        assert field.value.endswith("ftawizard-checklist-2026-11-23.md")
        assert dialog.query_one("#export-print", TickBox).disabled
        assert await pilot.click("#format-pdf")
        await pilot.pause()
        assert field.value.endswith(".pdf")
        assert await pilot.click("#export-print")
        await pilot.pause()
        assert dialog.query_one("#export-print", TickBox).value
        assert await pilot.click("#export")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        written = tmp_path / "ftawizard-checklist-2026-11-23.pdf"
        status = str(screen.query_one("#export-status", Static).render())
        assert f"Sent {written} to the printer with lp" in status
        assert (bin_dir / "printed").read_bytes() == written.read_bytes()
        text = squash(pdf_text(written.read_bytes()))
        assert "☑ Valid passport" in text and "☐ Proof of the credential CUSMA" in text

        # the next export suggests the same file; Esc cancels without writing anything
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == str(written)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", written.name]


async def test_export_dialog_refuses_a_missing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input, Static

    from ftawizard.tui.app import FtaWizardApp
    from ftawizard.tui.screens.checklist import ChecklistScreen
    from ftawizard.tui.screens.export_dialog import ExportDialog

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no printer either
    app = FtaWizardApp(today=MADE_ON)
    async with app.run_test(size=(100, 34)) as pilot:
        await _open_checklist(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path", Input)
        field.value = str(tmp_path / "nowhere" / "c.txt")
        await pilot.pause()
        assert await pilot.click("#export")
        await pilot.pause()
        assert app.screen is dialog
        problem = str(dialog.query_one("#export-problem", Static).render())
        assert f"The folder {tmp_path / 'nowhere'} does not exist." in problem
        # a text file, written and (no printer here) not printed: the screen says where it is
        field.value = str(tmp_path / "c.txt")
        await pilot.pause()
        assert await pilot.click("#format-text")
        await pilot.pause()
        assert await pilot.click("#export-print")
        await pilot.pause()
        assert await pilot.click("#export")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        status = str(app.screen.query_one("#export-status", Static).render())
        assert "No printer command was found" in status
        assert f"written to {tmp_path / 'c.txt'}" in status
        assert "[x] Valid passport" in (tmp_path / "c.txt").read_text(encoding="utf-8")


def test_a_missing_font_is_explained(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftawizard.export import pdf

    monkeypatch.setattr(pdf, "FONTS", tmp_path)
    err = io.StringIO()
    status = run_checklist(
        args(format="pdf", output=str(tmp_path / "c.pdf")),
        content,
        PERSONAS["peruvian-chef"][0],
        set(),
        made_on=MADE_ON,
        stdout=io.StringIO(),
        stderr=err,
    )
    assert status == 1
    assert "is missing from this installation of ftawizard" in err.getvalue()
    assert not (tmp_path / "c.pdf").exists()
