"""The picker searches as a person typing notices them: occupations (NOC 2021 and 2016),
countries and CUSMA professions. Every expectation was checked against the shipped data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest

from ftawizard.content import Content, load_default_content
from ftawizard.content import occupations as occupations_module
from ftawizard.content.models import CusmaProfession
from ftawizard.content.occupations import (
    OccupationIndex,
    OccupationMatch,
    normalize,
    occupation_index,
    search_countries,
    search_cusma_professions,
)


@pytest.fixture(scope="module")
def index(content: Content) -> OccupationIndex:
    return occupation_index(content)


def codes(matches: list[OccupationMatch]) -> list[str]:
    return [match.code for match in matches]


def word_starts(text: str) -> list[str]:
    return normalize(text).replace("-", " ").replace("/", " ").replace("(", " ").split()


# --------------------------------------------------------------------------- NOC 2021 text


def test_software_eng_finds_software_engineers_first(index: OccupationIndex) -> None:
    results = index.search("software eng")
    assert "21231" in codes(results)[:3]
    first = results[0]
    assert first == OccupationMatch(
        "21231", "Software engineers and designers", "TEER 1", "Software engineer", "noc2021"
    )


def test_nurse_puts_registered_nurses_first(index: OccupationIndex) -> None:
    results = index.search("nurse")
    assert codes(results)[0] == "31301"
    assert results[0].matched == "Nurse"  # the example title equal to the query
    assert {"31302", "33102", "32101"} <= set(codes(results)[:5])


def test_plural_and_singular_find_the_same_group(index: OccupationIndex) -> None:
    assert codes(index.search("nurses"))[0] == "31301"
    assert codes(index.search("chefs"))[0] == "62200"


def test_chef_finds_chefs(index: OccupationIndex) -> None:
    results = index.search("chef")
    assert results[0].code == "62200"
    assert results[0].title == "Chefs"
    assert results[0].level == "TEER 2"


def test_partial_words_match_word_starts(index: OccupationIndex) -> None:
    results = index.search("civ eng")
    assert codes(results)[:2] == ["21300", "22300"]  # Civil engineers, then the technologists
    for match in results:  # every query word starts a word of what is shown
        words = word_starts(match.matched)
        assert any(word.startswith("civ") for word in words), match
        assert any(word.startswith("eng") for word in words), match


def test_word_order_does_not_matter(index: OccupationIndex) -> None:
    assert codes(index.search("engineer civil"))[0] == "21300"


def test_the_middle_of_a_word_does_not_match(index: OccupationIndex) -> None:
    assert index.search("gine") == []  # no word starts with "gine"; "engineer" is not found


def test_one_row_per_unit_group(index: OccupationIndex) -> None:
    results = index.search("manager", limit=30)
    assert len(results) == 30
    assert len(set(codes(results))) == 30


def test_unit_group_title_matches_come_before_example_matches(index: OccupationIndex) -> None:
    results = index.search("soft")
    # "Software engineers and designers" and "Software developers and programmers" are unit-group
    # titles; "Soft rock miner" (83100) is only an example title
    assert codes(results)[:2] == ["21231", "21232"]
    assert codes(results).index("83100") > 1


def test_matched_shows_the_best_example_title(index: OccupationIndex) -> None:
    results = index.search("data scien")
    assert results[0].code == "21211"
    assert results[0].matched == "Data scientist"
    # a group found only through an example title shows that example
    assert any(m.code == "20012" and m.matched == "Director of data science" for m in results)


def test_digits_inside_titles_are_found_when_no_code_starts_with_them(
    index: OccupationIndex,
) -> None:
    results = index.search("911")  # no NOC 2021 code starts with 911
    assert results[0].code == "14404"
    assert results[0].matched == "911 dispatcher"


# --------------------------------------------------------------------------- typos


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("acountant", "11100"),
        ("sofware", "21231"),
        ("enginer", "72603"),  # "Engineer officers, water transport": the title starts with it
    ],
)
def test_one_typo_in_a_long_word_is_forgiven(index: OccupationIndex, query: str, code: str) -> None:
    assert codes(index.search(query))[0] == code


def test_enginer_finds_engineers(index: OccupationIndex) -> None:
    results = index.search("enginer")
    assert "21300" in codes(results)
    assert all("engineer" in match.title.casefold() for match in results[:10])


def test_a_word_that_matches_exactly_is_not_widened(index: OccupationIndex) -> None:
    # "baker" matches; one typo away are "banker", "barker"... which must not show up
    results = index.search("baker", limit=30)
    assert codes(results)[0] == "63202"  # Bakers, through the example title "Baker"
    for match in results:
        assert any(word.startswith("baker") for word in word_starts(match.matched)), match


def test_short_words_get_no_typo_tolerance(index: OccupationIndex) -> None:
    assert index.search("zxcv") == []


# --------------------------------------------------------------------------- accents


def test_search_ignores_accents_and_case(index: OccupationIndex) -> None:
    plain = index.search("cafe")
    assert plain[0].code == "60030"
    assert plain[0].matched == "Café manager"
    assert index.search("CAFÉ") == plain
    assert codes(index.search("maitre d"))[0] == "64300"  # Maîtres d'hôtel and hosts/hostesses
    assert codes(index.search("Maître d'hôtel"))[0] == "64300"


def test_french_titles_answer_when_nothing_in_english_does(index: OccupationIndex) -> None:
    results = index.search("ingenieur civil")
    assert codes(results) == ["21300"]
    assert results[0].matched == "Ingénieurs civils/ingénieures civiles"
    # "chef" is a French word too, but English matches keep French titles out of the list
    assert codes(index.search("chef")) == ["62200"]


# --------------------------------------------------------------------------- codes


def test_full_code_finds_its_unit_group(index: OccupationIndex) -> None:
    assert index.search("21300") == [
        OccupationMatch("21300", "Civil engineers", "TEER 1", "", "noc2021")
    ]
    assert codes(index.search("NOC 21231")) == ["21231"]


def test_code_prefix_lists_codes_in_order(index: OccupationIndex, content: Content) -> None:
    results = index.search("213")
    expected = sorted(code for code in content.noc2021 if code.startswith("213"))
    assert codes(results) == expected
    assert len(expected) == 12
    assert all(match.matched == "" for match in results)


# --------------------------------------------------------------------------- NOC 2016


def test_noc2016_searches_the_2016_titles(index: OccupationIndex) -> None:
    results = index.search("civil", system="noc2016")
    assert codes(results) == ["2131", "2231"]
    assert results[0].title == "Civil engineers"
    assert results[0].level == "NOC 2016 skill level A"
    assert results[0].system == "noc2016"


def test_noc2016_codes_and_levels(index: OccupationIndex) -> None:
    assert codes(index.search("213", system="noc2016")) == ["2131", "2132", "2133", "2134"]
    assert index.search("0011", system="noc2016")[0].level == "NOC 2016 skill type 0"
    assert index.search("6511", system="noc2016")[0].level == "NOC 2016 skill level C"
    assert codes(index.search("maitres", system="noc2016")) == ["6511"]


def test_unknown_system_is_an_error(index: OccupationIndex) -> None:
    with pytest.raises(ValueError, match="noc2011"):
        index.search("nurse", system="noc2011")


# --------------------------------------------------------------------------- limits and blanks


@pytest.mark.parametrize("query", ["", "   ", "-", "()"])
def test_blank_query_gives_nothing(index: OccupationIndex, query: str) -> None:
    assert index.search(query) == []


def test_limit_is_respected(index: OccupationIndex) -> None:
    assert len(index.search("s", limit=5)) == 5
    assert len(index.search("2", limit=7)) == 7
    assert index.search("nurse", limit=0) == []
    assert len(index.search("engineer")) == 20  # the default


# --------------------------------------------------------------------------- laziness, caching


def test_example_titles_are_read_on_the_first_word_search_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[str] = []
    real = occupations_module._read_examples

    def counting(content: Content) -> tuple[list[str], list[str], list[str]]:
        reads.append(content.root)
        return real(content)

    monkeypatch.setattr(occupations_module, "_read_examples", counting)
    fresh = load_default_content()
    assert reads == []  # not at load time
    index = OccupationIndex(fresh)
    index.search("21300")
    assert reads == []  # a code search needs no titles
    index.search("nurse")
    index.search("chef")
    assert reads == [fresh.root]


def test_one_shared_index_per_content(content: Content) -> None:
    assert occupation_index(content) is occupation_index(content)
    other = attrs.evolve(content)
    assert occupation_index(other) is not occupation_index(content)
    assert occupation_index(other) is occupation_index(other)


def test_search_works_without_the_example_titles(content: Content, tmp_path: Path) -> None:
    bare = attrs.evolve(content, root=str(tmp_path))  # no occupations/noc2021_titles.csv here
    results = occupation_index(bare).search("civil engineer")
    assert results[0].code == "21300"
    assert results[0].matched == "Civil engineers"


# --------------------------------------------------------------------------- countries


def test_country_code_comes_first(content: Content) -> None:
    assert search_countries(content, "MX")[0].code == "MX"
    assert search_countries(content, "mx")[0].name == "Mexico"
    ca = search_countries(content, "ca")
    assert ca[0].code == "CA"
    assert [country.code for country in ca[1:3]] == ["CV", "KH"]  # Cabo Verde, Cambodia


def test_country_names_match_word_starts(content: Content) -> None:
    assert search_countries(content, "mex")[0].code == "MX"
    assert [country.code for country in search_countries(content, "peru")] == ["PE"]
    united = search_countries(content, "united")
    assert [country.code for country in united] == ["AE", "GB", "US", "UM"]
    assert [country.code for country in search_countries(content, "korea")] == ["KR", "KP"]
    assert search_countries(content, "zealand")[0].code == "NZ"


def test_country_search_ignores_accents(content: Content) -> None:
    assert [country.code for country in search_countries(content, "cote")] == ["CI"]
    assert search_countries(content, "curacao")[0].code == "CW"
    assert search_countries(content, "REUNION")[0].code == "RE"


def test_common_country_names(content: Content) -> None:
    assert search_countries(content, "uk")[0].code == "GB"
    assert search_countries(content, "usa")[0].code == "US"
    assert search_countries(content, "turkey")[0].code == "TR"  # listed as Türkiye


def test_country_typo_and_blank(content: Content) -> None:
    assert [country.code for country in search_countries(content, "mexco")] == ["MX"]
    assert search_countries(content, "") == []
    assert search_countries(content, "xx") == []
    assert len(search_countries(content, "a", limit=4)) == 4


# --------------------------------------------------------------------------- CUSMA professions


def names(professions: Sequence[CusmaProfession]) -> list[str]:
    return [profession.name for profession in professions]


def test_blank_cusma_query_lists_every_profession_in_file_order(content: Content) -> None:
    found = search_cusma_professions(content, "")
    assert len(found) == 63
    assert found == list(content.cusma_professions)


def test_cusma_name_and_alias_search(content: Content) -> None:
    assert names(search_cusma_professions(content, "hotel")) == ["Hotel Manager"]
    assert names(search_cusma_professions(content, "statistician")) == [
        "Mathematician (including Statistician and Actuary)"
    ]
    assert names(search_cusma_professions(content, "rn")) == ["Registered Nurse"]
    assert names(search_cusma_professions(content, "technical writer")) == [
        "Technical Publications Writer"
    ]
    assert names(search_cusma_professions(content, "teacher")) == [
        "College Teacher",
        "Seminary Teacher",
        "University Teacher",
    ]


def test_cusma_stored_answer_finds_itself(content: Content) -> None:
    name = "Lawyer (including Notary in the Province of Quebec)"
    assert names(search_cusma_professions(content, name))[0] == name


def test_cusma_typo_and_limit(content: Content) -> None:
    assert names(search_cusma_professions(content, "enginer")) == ["Engineer"]
    assert len(search_cusma_professions(content, "s", limit=3)) == 3
