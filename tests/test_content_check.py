"""`ftawizard content check`: the shipped tree passes; a broken copy fails with file + line.

Each test breaks one thing in a private copy of the tree, the way a content author might,
and checks that the report names the file, the right line and the problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ftawizard.content import ContentInvalid, load_content


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check broken copies of the tree: what the checks remember of them stays
    in a folder of their own, not in the user's cache."""
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path_factory.getbasetemp() / "content-cache"))


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def problems_of(tree: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(tree)
    return [str(problem) for problem in caught.value.problems]


def test_shipped_tree_passes(cli) -> None:
    result = cli("content", "check")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
    assert "63 CUSMA professions" in result.stdout


def test_unknown_key_names_file_and_line(content_copy: Path) -> None:
    file = content_copy / "agreements" / "cptpp.toml"
    replace_in(
        file,
        'id = "experience"\nkind = "condition"',
        'id = "experience"\nkind = "condition"\nminimum = 2',
    )
    problems = problems_of(content_copy)
    expected_line = line_of(file, "minimum = 2")
    assert any(
        p.startswith(f"agreements/cptpp.toml:{expected_line}:") and "unknown key 'minimum'" in p
        for p in problems
    ), problems


def test_wrong_type_is_reported(content_copy: Path) -> None:
    file = content_copy / "agreements" / "cusma.toml"
    replace_in(
        file, "max_initial_duration_months = 36", 'max_initial_duration_months = "three years"'
    )
    problems = problems_of(content_copy)
    expected_line = line_of(file, "max_initial_duration_months")
    assert any(
        f"agreements/cusma.toml:{expected_line}:" in p and "must be a whole number" in p
        for p in problems
    ), problems


def test_rule_without_source(content_copy: Path) -> None:
    file = content_copy / "agreements" / "cpfta.toml"
    replace_in(
        file,
        'unknown = "Is the employment pre-arranged with a Canadian employer?"\nsource = "cpfta_professionals"\n',
        'unknown = "Is the employment pre-arranged with a Canadian employer?"\n',
    )
    problems = problems_of(content_copy)
    assert any(
        p.startswith("agreements/cpfta.toml:")
        and "job_offer" in p
        and "missing required key 'source'" in p
        for p in problems
    ), problems


def test_document_without_source(content_copy: Path) -> None:
    file = content_copy / "documents.toml"
    replace_in(file, 'source = "validity_period"\n', "")
    problems = problems_of(content_copy)
    assert any(
        p.startswith(f"documents.toml:{line_of(file, '[documents.passport]')}:") and "source" in p
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "agreements/cptpp.toml",
            'test = { q = "language_ok", eq = true }',
            'test = { q = "english_ok", eq = true }',
            "unknown question 'english_ok'",
        ),
        (
            "agreements/cusma.toml",
            'id = "cusma_offer_details"',
            'id = "cusma_offer_detail"',
            "unknown document 'cusma_offer_detail'",
        ),
        (
            "agreements/cpfta.toml",
            'source = "cpfta_treaty"',
            'source = "cpfta_treaty_text"',
            "unknown source 'cpfta_treaty_text'",
        ),
        ("occupations/lists/cptpp.toml", '"22300"', '"22399"', "unknown NOC 2021 code '22399'"),
    ],
    ids=["question", "document", "source", "noc-code"],
)
def test_missing_references(
    content_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    path = content_copy / file
    replace_in(path, old, new)
    problems = problems_of(content_copy)
    expected_line = line_of(path, new)
    assert any(p.startswith(f"{file}:{expected_line}:") and message in p for p in problems), (
        problems
    )


def test_choice_value_that_does_not_exist(content_copy: Path) -> None:
    path = content_copy / "agreements" / "cpfta.toml"
    replace_in(
        path,
        '{ q = "education_level", eq = "bachelor" }',
        '{ q = "education_level", eq = "bachelors" }',
    )
    problems = problems_of(content_copy)
    assert any(
        "'bachelors' is not a choice of question 'education_level'" in p for p in problems
    ), problems


def test_unreachable_question(content_copy: Path) -> None:
    path = content_copy / "questions.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[questions]]\nid = "favourite_colour"\nstep = "spouse"\nprompt = "Colour?"\n'
        'help = "Not used."\ntype = "text"\nsource = "fta_overview"\n',
        encoding="utf-8",
    )
    problems = problems_of(content_copy)
    expected_line = line_of(path, 'id = "favourite_colour"')
    assert any(
        p.startswith(f"questions.toml:{expected_line}:")
        and "'favourite_colour' can never be reached" in p
        for p in problems
    ), problems


def test_flow_that_cannot_end(content_copy: Path) -> None:
    """A country opens the route but has no occupation list: the assessment could never end."""
    path = content_copy / "agreements" / "cptpp.toml"
    replace_in(path, ' JP = "cptpp.japan.technicians",', "")
    problems = problems_of(content_copy)
    assert any(
        p.startswith("agreements/cptpp.toml:")
        and "no occupation list for JP" in p
        and "could never end" in p
        for p in problems
    ), problems


def test_invalid_toml_names_the_line(content_copy: Path) -> None:
    path = content_copy / "sources.toml"
    replace_in(
        path, 'publisher = "IRCC, program delivery instructions"', 'publisher = "IRCC, unterminated'
    )
    problems = problems_of(content_copy)
    assert any(p.startswith("sources.toml:") and "not valid TOML" in p for p in problems), problems
    assert any(p.startswith(f"sources.toml:{line_of(path, 'unterminated')}") for p in problems), (
        problems
    )


def test_cli_reports_problems_without_traceback(cli, content_copy: Path) -> None:
    replace_in(
        content_copy / "documents.toml", 'provided_by = "employer"', 'provided_by = "the boss"'
    )
    result = cli("content", "check", str(content_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "documents.toml:" in result.stderr and "provided_by" in result.stderr
    assert "problem" in result.stderr.splitlines()[-1]


def test_cli_check_of_a_missing_folder(cli, tmp_path: Path) -> None:
    result = cli("content", "check", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nowhere" in result.stderr


# --------------------------------------------------------------------------- reuse of work


def test_a_check_after_an_edit_sees_the_edit(content_copy: Path, tmp_path, monkeypatch) -> None:
    """A check may reuse the parse of a file it has seen, never for a file that changed
    since: an edit made after a passing check is found, with its line."""
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    load_content(content_copy)  # passes, and remembers the parsed files
    file = content_copy / "agreements" / "cusma.toml"
    replace_in(file, 'id = "professional"', 'id = "professional"\ncolour = "blue"')
    problems = problems_of(content_copy)
    assert any(
        p.startswith(f"agreements/cusma.toml:{line_of(file, 'colour = ')}:")
        and "unknown key 'colour'" in p
        for p in problems
    ), problems
    # the same length, one character changed, and invalid TOML this time
    replace_in(file, 'colour = "blue"', 'colour = "blue ')
    problems = problems_of(content_copy)
    assert any(
        p.startswith(f"agreements/cusma.toml:{line_of(file, 'colour = ')}")
        and "not valid TOML" in p
        for p in problems
    ), problems
    replace_in(file, '\ncolour = "blue ', "")
    assert load_content(content_copy) == load_content(content_copy)


def test_a_check_without_the_cache_finds_the_same(
    content_copy: Path, tmp_path, monkeypatch
) -> None:
    file = content_copy / "documents.toml"
    replace_in(file, 'provided_by = "employer"', 'provided_by = "the boss"')
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    first = problems_of(content_copy)
    again = problems_of(content_copy)  # with the parsed files remembered
    monkeypatch.setenv("FTAWIZARD_NO_CACHE", "1")
    assert problems_of(content_copy) == first == again


def test_the_precompiled_tree_reads_as_the_files(tmp_path, monkeypatch) -> None:
    """Stored for the next process with equal values shared: equal to a fresh load, and
    the stored copy loads back equal."""
    from ftawizard.content import cache

    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    tree = Path(load_content().root)
    stored = load_content(tree)
    cache.store(tree, stored)
    assert stored == load_content(tree)
    loaded = cache.load_cached(tree)
    assert loaded is not None and loaded is not stored and loaded == stored
    ids = [rule.source for category in loaded.categories for rule in category.rules]
    assert len({id(text) for text in ids}) == len(set(ids))  # one object per distinct id


def test_a_model_whose_fields_changed_misses_the_precompiled_tree(tmp_path, monkeypatch) -> None:
    """The precompiled tree stores each model's values in the order of its fields: after a
    model changes (a source checkout, same version), the stored copy is not used, so no value
    can land in the wrong field."""
    from ftawizard.content import cache

    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    tree = Path(load_content().root)
    cache.store(tree, load_content(tree))
    assert cache.load_cached(tree) is not None
    monkeypatch.setattr(cache, "_model_layout", lambda: "Source(title,id,url,date,publisher)")
    assert cache.load_cached(tree) is None


# --------------------------------------------------------------------------- lines found late


def test_problems_far_down_a_file_name_their_lines(content_copy: Path) -> None:
    """Lines are looked up only when a problem is reported; a problem in the last table of a
    long file, in a table nested in it, or in a named table still gets its own line."""
    agreement = content_copy / "agreements" / "ceta.toml"
    text = agreement.read_text(encoding="utf-8")
    last_rule = text.rindex("[[categories.rules]]")
    rule_line = text.count("\n", 0, last_rule) + 1
    met = text.index("\nmet = ", last_rule)
    end_of_met = text.index("\n", met + 1)
    # the last rule of the file: its 'met' gone, an unknown key in its place
    agreement.write_text(text[:met] + "\ncolour = 1" + text[end_of_met:], encoding="utf-8")
    documents = content_copy / "documents.toml"
    replace_in(
        documents,
        "why = \"Eligibility depends on the principal's permit",
        "reason = \"Eligibility depends on the principal's permit",
    )
    lists = content_copy / "occupations" / "lists" / "cptpp.toml"
    text = lists.read_text(encoding="utf-8")
    last_code = text.rindex('noc2021 = ["22214"]')
    lists.write_text(
        text[:last_code] + 'noc2021 = ["22299"]' + text[last_code + len('noc2021 = ["22214"]') :],
        encoding="utf-8",
    )
    problems = problems_of(content_copy)

    def reported(file: str, line: int, message: str) -> bool:
        return any(p.startswith(f"{file}:{line}:") and message in p for p in problems)

    assert rule_line > 1000
    assert reported(
        "agreements/ceta.toml", line_of(agreement, "colour = 1"), "unknown key 'colour'"
    )
    assert reported("agreements/ceta.toml", rule_line, "missing required key 'met'"), problems
    assert reported(
        "documents.toml",
        line_of(documents, "[documents.principal_work_permit]"),
        "missing required key 'why'",
    ), problems
    assert reported("documents.toml", line_of(documents, "reason = "), "unknown key 'reason'"), (
        problems
    )
    assert reported(
        "occupations/lists/cptpp.toml",
        line_of(lists, 'noc2021 = ["22299"]'),
        "unknown NOC 2021 code '22299'",
    ), problems


def test_a_valid_tree_never_looks_for_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding lines indexes every file; a tree without problems has no line to report, so a
    check of the shipped tree does without (a good part of its time)."""
    from ftawizard.content import reader

    def no_index(self: object, text: str) -> None:
        raise AssertionError("a line was looked up for a tree without problems")

    monkeypatch.setattr(reader._LineIndex, "__init__", no_index)
    content = load_content()
    assert len(content.categories) == 64


def test_a_short_csv_row_is_reported_at_its_line(content_copy: Path) -> None:
    """A row with fewer cells than the header reads "" for the missing ones: a problem with
    its line, not a crash."""
    path = content_copy / "occupations" / "noc2021_unit_groups.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    code = lines[10].split(",", 1)[0]
    lines[10] = code + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        p.startswith("occupations/noc2021_unit_groups.csv:11:")
        and "the row has 1 value, the header names 7 columns" in p
        for p in problems
    ), problems


# ---------------------------------------------------------------------- broken trees (issue 20)


def check(cli, tree: Path) -> tuple[int, list[str]]:
    """``ftawizard content check TREE`` without the cache: its status and its lines."""
    import os

    os.environ["FTAWIZARD_NO_CACHE"] = "1"
    try:
        result = cli("content", "check", str(tree))
    finally:
        del os.environ["FTAWIZARD_NO_CACHE"]
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr.splitlines()


def edit_line(path: Path, number: int, new: str, encoding: str = "utf-8") -> None:
    """Line ``number`` replaced by ``new``, written in ``encoding`` (the others in UTF-8)."""
    lines = [line.encode("utf-8") for line in path.read_text(encoding="utf-8").splitlines(True)]
    lines[number - 1] = new.encode(encoding)
    path.write_bytes(b"".join(lines))


def test_a_duplicate_country_row_is_reported_at_the_duplicate(content_copy: Path) -> None:
    path = content_copy / "countries.csv"
    mexico = line_of(path, "MX,")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "MX,Mexico,,eta_conditional,official\n", encoding="utf-8")
    last = len(text.splitlines()) + 1
    assert f"countries.csv:{last}: country 'MX' is already on line {mexico}" in problems_of(
        content_copy
    )


def test_a_duplicate_noc_unit_group_row_is_reported(content_copy: Path) -> None:
    path = content_copy / "occupations" / "noc2021_unit_groups.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(21, lines[20])
    path.write_text("".join(lines), encoding="utf-8")
    code = lines[20].split(",", 1)[0]
    assert (
        f"occupations/noc2021_unit_groups.csv:22: NOC 2021 code {code} is already defined above"
        in problems_of(content_copy)
    )


def test_a_question_with_an_unknown_step(content_copy: Path) -> None:
    path = content_copy / "questions.toml"
    replace_in(path, 'step = "wage"', 'step = "wages"')
    line = line_of(path, 'step = "wages"')
    problems = problems_of(content_copy)
    assert any(
        problem.startswith(f"questions.toml:{line}: question ")
        and "unknown step 'wages'" in problem
        for problem in problems
    ), problems


@pytest.mark.parametrize(
    ("row", "values"),
    [("MX,Mexico\n", 2), ("MX,Mexico,,eta_conditional,official,extra\n", 6), ("MX\n", 1)],
)
def test_a_csv_row_with_a_missing_or_extra_column(
    content_copy: Path, row: str, values: int
) -> None:
    path = content_copy / "countries.csv"
    line = line_of(path, "MX,")
    edit_line(path, line, row)
    problems = problems_of(content_copy)
    assert problems[0] == (
        f"countries.csv:{line}: the row has {values} value{'s' if values > 1 else ''}, "
        "the header names 5 columns"
    ), problems


def test_invalid_utf8_in_the_titles_file_is_reported_by_content_check(
    cli, content_copy: Path
) -> None:
    path = content_copy / "occupations" / "noc2021_titles.csv"
    data = path.read_bytes().splitlines(keepends=True)
    data[99] = data[99].replace(b",", b",\xff\xfe", 1)
    path.write_bytes(b"".join(data))
    status, lines = check(cli, content_copy)
    assert status == 1
    assert lines[0] == (
        "occupations/noc2021_titles.csv:100: not valid UTF-8 (byte 0xff): save the file as UTF-8"
    )


def test_invalid_utf8_in_a_loaded_csv_names_the_line(content_copy: Path) -> None:
    path = content_copy / "countries.csv"
    line = line_of(path, "MX,")
    edit_line(path, line, "MX,M\xe9xico,\n", encoding="latin-1")
    assert problems_of(content_copy)[0].startswith(f"countries.csv:{line}: not valid UTF-8")


def test_a_nul_byte_is_reported(content_copy: Path) -> None:
    path = content_copy / "countries.csv"
    line = line_of(path, "MX,")
    edit_line(path, line, "MX,Mex\x00ico,\n")
    assert problems_of(content_copy)[0] == f"countries.csv:{line}: holds a NUL character"


def test_a_title_row_for_a_noc_code_that_does_not_exist(cli, content_copy: Path) -> None:
    path = content_copy / "occupations" / "noc2021_titles.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "99999,Imaginary occupations\n", encoding="utf-8")
    status, lines = check(cli, content_copy)
    assert status == 1
    assert lines[0] == (
        f"occupations/noc2021_titles.csv:{len(text.splitlines()) + 1}: NOC 2021 code '99999' "
        "is not a unit group (occupations/noc2021_unit_groups.csv)"
    )


def test_a_titles_file_with_only_its_header(cli, content_copy: Path) -> None:
    path = content_copy / "occupations" / "noc2021_titles.csv"
    path.write_text("code,title\n", encoding="utf-8")
    status, lines = check(cli, content_copy)
    assert status == 1 and lines[0].startswith("occupations/noc2021_titles.csv:1: holds no titles")


def test_an_unknown_placeholder_in_a_manifest_text(content_copy: Path) -> None:
    path = content_copy / "manifest.toml"
    replace_in(
        path,
        "{agreement} {category} ({code}) covers citizens",
        "{agreement} {categry} ({code}) covers citizens",
    )
    line = line_of(path, "{categry}")
    problems = problems_of(content_copy)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"manifest.toml:{line}: texts.opened_by_citizenship: unknown placeholder {{categry}}"
    )


def test_an_unknown_placeholder_in_a_rule_and_a_placeholder_of_another_kind(
    content_copy: Path,
) -> None:
    path = content_copy / "agreements" / "cusma.toml"
    # {allowed} is filled for occupation-level rules only; this one is a profession rule
    replace_in(path, "{profession}", "{allowed} {profesion}")
    line = line_of(path, "{allowed} {profesion}")
    problems = problems_of(content_copy)
    assert any(
        problem.startswith(f"agreements/cusma.toml:{line}: category 'cusma.professional', rule ")
        and "unknown placeholders {allowed}, {profesion}" in problem
        for problem in problems
    ), problems


def lines_equal_to(path: Path, text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line == text
    ]


def test_a_duplicate_category_id_points_at_the_duplicate(content_copy: Path) -> None:
    path = content_copy / "agreements" / "cusma.toml"
    replace_in(path, 'id = "ict_executive"', 'id = "professional"')
    first, second = lines_equal_to(path, 'id = "professional"')
    problems = problems_of(content_copy)
    assert (
        f"agreements/cusma.toml:{second}: category 'cusma.professional': route id is defined "
        "twice" in problems
    ), problems
    assert not any(problem.startswith(f"agreements/cusma.toml:{first}:") for problem in problems)


def test_a_duplicate_rule_id_points_at_the_rule(content_copy: Path) -> None:
    path = content_copy / "agreements" / "cusma.toml"
    replace_in(path, 'id = "noc_matches_profession"', 'id = "profession"')
    _first, second = lines_equal_to(path, 'id = "profession"')
    problems = problems_of(content_copy)
    assert (
        f"agreements/cusma.toml:{second}: rule 'cusma.professional/profession': rule id "
        "'profession' is used twice" in problems
    ), problems


def test_an_open_quote_in_countries_csv_names_countries_csv_first(cli, content_copy: Path) -> None:
    path = content_copy / "countries.csv"
    line = line_of(path, "AT,")
    edit_line(path, line, 'AT,"Austria,\n')
    status, lines = check(cli, content_copy)
    assert status == 1
    assert lines[0].startswith(f"countries.csv:{line}: not valid CSV") and "quote" in lines[0]
    assert len(lines) < 15, lines
    assert lines[-2].startswith("… and ") and lines[-2].split()[2].replace(",", "").isdigit()
    assert "more errors that follow from it" in lines[-2]


def test_a_bom_in_a_csv_is_accepted(content_copy: Path) -> None:
    path = content_copy / "countries.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_content(content_copy).countries["MX"].name == "Mexico"


def test_a_condition_nested_400_deep_is_a_clear_line(cli, content_copy: Path) -> None:
    path = content_copy / "agreements" / "cptpp.toml"
    line = line_of(path, "test = { not = { all = [")
    deep = "{ not = " * 400 + '{ q = "research_position", eq = true }' + " }" * 400
    edit_line(path, line, f"test = {deep}\n")
    status, lines = check(cli, content_copy)
    assert status == 1
    assert lines[0] == f"agreements/cptpp.toml:{line}: nested deeper than 40 levels"


def test_a_cascade_is_summarised_after_its_cause(cli, content_copy: Path) -> None:
    path = content_copy / "sources.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[sources.fta_overview]\ntitle = "again"\n', encoding="utf-8")
    status, lines = check(cli, content_copy)
    assert status == 1
    assert lines[0].startswith("sources.toml:") and "not valid TOML" in lines[0]
    assert len(lines) <= 8, lines
    more = lines[-2]
    assert more.startswith("… and ") and more.endswith(
        "more errors that follow from it (names it would have defined)"
    )
    total = int(lines[-1].split(" has ")[1].split()[0])
    assert total > 100


def test_a_rule_left_to_the_officer_cannot_be_plainly_met(content_copy: Path) -> None:
    """A rule marked as the officer's judgement is never plainly met: a 'met' text on it, or
    the marker on a rule kind worked out in code (which can come out met), is refused."""
    file = content_copy / "agreements" / "cusma.toml"
    replace_in(
        file,
        "unknown = \"Is more than half of the enterprise's international trade between Canada "
        'and {your} country?"\n',
        "unknown = \"Is more than half of the enterprise's international trade between Canada "
        'and {your} country?"\nmet = "The trade is substantial."\n',
    )
    replace_in(
        file,
        "teer = [0, 1, 2, 3]\n",
        'teer = [0, 1, 2, 3]\njudgement = "The officer judges the level."\n',
    )
    problems = problems_of(content_copy)
    met_line = line_of(file, 'met = "The trade is substantial."')
    assert any(
        p.startswith(f"agreements/cusma.toml:{met_line}:") and "never plainly met" in p
        for p in problems
    ), problems
    marker_line = line_of(file, 'judgement = "The officer judges the level."')
    assert any(
        p.startswith(f"agreements/cusma.toml:{marker_line}:")
        and "'occupation_level' rule" in p
        and "plainly met" in p
        for p in problems
    ), problems


def test_the_officer_marker_makes_the_rule_undecidable_by_the_facts_alone() -> None:
    """The loader joins the marker to the rule's facts as ``all = [facts, officer]``: the tree
    that ``content check`` judges can then never be plainly met."""
    from ftawizard.content import load_default_content
    from ftawizard.content import models as m

    content = load_default_content()
    marked = [rule for category in content.categories for rule in category.rules if rule.judgement]
    assert marked
    for rule in marked:
        assert rule.test is not None and not m.can_be(rule.test, True), rule.id
        officer = rule.test if isinstance(rule.test, m.Officer) else rule.test.parts[-1]
        assert officer == m.Officer(rule.judgement)
