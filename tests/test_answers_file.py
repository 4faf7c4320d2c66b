"""Answers files for `assess` and `checklist`: every bad file is one line and exit 2, never a
traceback (deep nesting, empty files, duplicate keys, huge values, encodings), a UTF-8 BOM is
read as UTF-8, and 500+ adversarial files generated from a seed hold to it."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftawizard import cli
from ftawizard.content import Content

MEXICAN_ENGINEER = {
    "perspective": "worker",
    "citizenship": "MX",
    "purpose": "employment",
    "noc": "21300",
    "cusma_profession": "Engineer",
    "application_date": "2026-11-23",
}


def assess(
    path: Path, capsys: pytest.CaptureFixture[str], output: str = "json", command: str = "assess"
) -> tuple[int, str, str]:
    """``ftawizard assess --answers PATH`` in this process (a traceback fails the test)."""
    status = cli.main([command, "--answers", str(path), "--format", output])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err[:2000]
    assert lines[0].startswith("ftawizard: ") and "Traceback" not in lines[0]
    assert len(lines[0]) <= 600, lines[0][:2000]
    return lines[0]


def refused(path: Path, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    for command, output in (("assess", "json"), ("assess", "text"), ("checklist", "text")):
        status, out, err = assess(path, capsys, output, command)
        assert status == 2, (status, out[:300], err[:300])
        line = one_line(err)
        assert str(path) in line
        for word in words:
            assert word in line, line
    return line


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep-array.json", '{"x": ' + "[" * 1000 + "]" * 1000 + "}"),
        ("deep-object.json", '{"x": ' + '{"a":' * 1000 + "1" + "}" * 1000 + "}"),
        ("deep-top.json", "[" * 100_000 + "]" * 100_000),
        ("deep-value.json", '{"citizenship": ' + "[" * 900 + "]" * 900 + "}"),
        ("deep.toml", "x = " + "[" * 5000 + "]" * 5000),
        ("deep-table.toml", "x = " + "{a = " * 3000 + "1" + "}" * 3000),
    ],
    ids=lambda value: value if len(value) < 40 else "",
)
def test_deep_nesting_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    refused(path, capsys, "nested deeper than 64 levels")


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\ufeff", "\ufeff  \n"])
@pytest.mark.parametrize("suffix", [".json", ".toml", ".txt"])
def test_an_empty_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, suffix: str
) -> None:
    path = tmp_path / f"answers{suffix}"
    path.write_text(text, encoding="utf-8")
    refused(path, capsys, "is empty")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_utf8_bom_is_read_as_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    path = tmp_path / f"answers{suffix}"
    if suffix == ".json":
        text = json.dumps(MEXICAN_ENGINEER)
    else:
        text = "\n".join(f"{key} = {json.dumps(value)}" for key, value in MEXICAN_ENGINEER.items())
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    status, out, err = assess(path, capsys)
    assert status == 0 and err == ""
    assert "cusma.professional" in {route["id"] for route in json.loads(out)["routes"]}


def test_utf16_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(json.dumps(MEXICAN_ENGINEER).encode("utf-16"))
    refused(path, capsys, "UTF-16", "UTF-8")


def test_duplicate_json_keys_are_refused_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"citizenship": "MX", "noc": "21300", "citizenship": "US"}')
    refused(path, capsys, "'citizenship' appears more than once")


def test_a_million_character_value_is_not_echoed_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"citizenship": "M" * 1_000_000}))
    line = refused(path, capsys, "citizenship", "1,000,000 characters")
    assert "M" * 100 not in line


def test_300000_unknown_keys_are_summarised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**MEXICAN_ENGINEER, **{f"k{i}": 1 for i in range(300_000)}}))
    for command, output in (("assess", "json"), ("checklist", "text")):
        status, out, err = assess(path, capsys, output, command)
        assert status == 0 and out
        lines = err.splitlines()
        assert len(lines) == 11
        assert lines[0] == "ftawizard: warning: unknown answer key 'k0' was ignored"
        assert lines[-1] == "ftawizard: warning: … and 299,990 more warnings like these"


@pytest.mark.parametrize("value", [-1, {}, [], "true", "yes", 2])
def test_job_offer_garbage_is_refused_even_with_purpose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**MEXICAN_ENGINEER, "job_offer": value}))
    refused(path, capsys, "job_offer")


def test_a_number_too_long_to_read_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"experience_years": ' + "9" * 5000 + "}")
    refused(path, capsys, "not a valid JSON or TOML answers file")


# ---------------------------------------------------------------------- adversarial files


def _values(rng: random.Random) -> object:
    return rng.choice(
        [
            None,
            True,
            False,
            0,
            -1,
            -0.0,
            3.5,
            1e308,
            10**40,
            "",
            " ",
            "MX",
            "ＭＸ",
            "ΜΧ",
            "M\u200bX",
            "\u202eXM",
            "🇲🇽",
            "\x00",
            "\x1b[2J",
            "x" * rng.randint(100, 5000),
            "2022-02-30",
            "0001-01-01",
            "9999-12-31",
            "2022-11-16T10:00:00+05:00",
            "２０２２-１１-１６",
            [],
            {},
            [1, 2],
            {"a": 1},
            [[["deep"]]],
        ]
    )


def _json(rng: random.Random, data: object) -> str:
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.2:  # NaN and infinities, as Python writes them
        text = text.replace("3.5", rng.choice(["NaN", "Infinity", "-Infinity", "1e309"]))
    return text


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if math.isfinite(value) else "nan"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return '""'


def adversarial_files(content: Content, seed: int = 20261208) -> Iterator[tuple[str, bytes, bool]]:
    """(file name, bytes, certainly bad) for 500+ generated answers files."""
    rng = random.Random(seed)
    keys = [question.id for question in content.questions] + ["job_offer", "nationality", ""]
    # wrong types and odd values for every key
    for key in keys:
        for _ in range(4):
            data = {**MEXICAN_ENGINEER, key: _values(rng)}
            if rng.random() < 0.5:
                yield f"{key}.json", _json(rng, data).encode(), False
            else:
                text = "\n".join(f"{k!s} = {_toml_value(v)}" for k, v in data.items() if k)
                yield f"{key}.toml", text.encode(), False
    # nesting
    for depth in (10, 63, 65, 200, 999, 1000, 5000, 100_000):
        yield f"deep{depth}.json", ('{"x":' + "[" * depth + "]" * depth + "}").encode(), depth > 63
        yield f"deeptop{depth}.json", ("[" * depth + "]" * depth).encode(), True
        if depth <= 5000:
            yield f"deep{depth}.toml", ("x = " + "[" * depth + "]" * depth).encode(), depth > 63
    # empty, encodings, syntax
    valid = json.dumps(MEXICAN_ENGINEER)
    certainly_bad = [
        b"",
        b"   \n",
        b"\xef\xbb\xbf",
        valid.encode("utf-16"),
        valid.encode("utf-32"),
        b"\xff\xfe\xfd garbage",
        valid.encode()[:-1],
        valid.encode()[: len(valid) // 2],
        b'{"citizenship": "MX",}',
        b"{'citizenship': 'MX'}",
        b'{"citizenship": "MX"} {"noc": "21300"}',
        b'{"citizenship": "MX", "citizenship": "MX"}',
        b"[1, 2, 3]",
        b'"just text"',
        b"null",
        b"42",
        b"\x00" * 100,
        b'{"experience_years": ' + b"9" * 5000 + b"}",
        ('{"citizenship": "' + "é" * 50 + '"}').encode("latin-1"),
    ]
    for index, data in enumerate(certainly_bad):
        yield f"bad{index}.json", data, True
        yield f"bad{index}.txt", data, True
    yield "bom.json", b"\xef\xbb\xbf" + valid.encode(), False
    yield "spaces.json", b" " * 1_000_000 + valid.encode(), False
    yield "long.json", json.dumps({"citizenship": "x" * 1_000_000}).encode(), True
    yield "keys.json", json.dumps({f"k{i}": i for i in range(50_000)}).encode(), False
    yield "list.json", json.dumps({"noc": list(range(1_000_000))}).encode(), True
    for value in (-1, {}, "true", [], 2.5):
        yield "job_offer.json", json.dumps({**MEXICAN_ENGINEER, "job_offer": value}).encode(), True
    # random bytes
    for index in range(20):
        yield f"binary{index}.json", rng.randbytes(rng.randint(1, 200)), False
    # byte flips of a valid file
    base = json.dumps(MEXICAN_ENGINEER, indent=1).encode()
    for index in range(100):
        mutant = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        yield f"flip{index}.json", bytes(mutant), False
    # random combinations
    for index in range(100):
        data = {rng.choice(keys): _values(rng) for _ in range(rng.randint(1, 8))}
        yield f"random{index}.json", _json(rng, data).encode(), False


def test_adversarial_answers_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Content
) -> None:
    cases = list(adversarial_files(content))
    assert len(cases) >= 500
    outcomes = {0: 0, 2: 0}
    for index, (name, data, certainly_bad) in enumerate(cases):
        path = tmp_path / f"{index:03d}-{name}"
        path.write_bytes(data)
        output = "json" if index % 2 == 0 else "text"
        try:
            status, out, err = assess(path, capsys, output)
        except BaseException as error:  # a traceback
            pytest.fail(f"{path.name}: {type(error).__name__}: {str(error)[:300]}")
        assert status in (0, 2), (path.name, status, err[:500])
        outcomes[status] += 1
        if status == 2:
            line = one_line(err)
            assert str(path) in line, line
        else:
            assert not certainly_bad, (path.name, err[:500])
            warnings = err.splitlines()
            assert len(warnings) <= 11 and all(
                warning.startswith("ftawizard: warning: ") and len(warning) <= 600
                for warning in warnings
            ), err[:2000]
            if output == "json":
                assert "routes" in json.loads(out)
    assert outcomes[0] >= 30 and outcomes[2] >= 300  # both kinds were exercised
