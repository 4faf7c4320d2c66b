"""The occupation files: NOC 2021 and 2016 unit groups, their concordance, occupation groups,
occupation lists and the CUSMA professions."""

from __future__ import annotations

import attrs

from ftawizard.content import models as m
from ftawizard.content.loading.conditions import ConditionsLoader
from ftawizard.content.reader import (
    FoundLine,
    HeaderLine,
    Table,
    read_toml,
)

NOC2016_LEVELS = ("0", "A", "B", "C", "D")


class OccupationsLoader(ConditionsLoader):
    def noc2021(self) -> dict[str, m.NocUnitGroup]:
        name = "occupations/noc2021_unit_groups.csv"
        result: dict[str, m.NocUnitGroup] = {}
        columns = ("code", "title_en", "title_fr", "teer")
        for line, (code, title_en, title_fr, teer) in self.csv_rows(name, columns):
            code = code.strip()
            teer = teer.strip()
            if len(code) != 5 or not code.isdigit():
                self.problems.add(name, line, f"'{code}' is not a five-digit NOC 2021 code")
                continue
            if teer != code[1]:
                self.problems.add(
                    name, line, f"TEER {teer!r} does not match code {code} (second digit)"
                )
                continue
            if code in result:
                self.problems.add(name, line, f"NOC 2021 code {code} is already defined above")
                continue
            result[code] = m.NocUnitGroup(code, title_en.strip(), title_fr.strip(), int(teer))
        return result

    def noc2016(self) -> dict[str, m.Noc2016UnitGroup]:
        name = "occupations/noc2016_unit_groups.csv"
        result: dict[str, m.Noc2016UnitGroup] = {}
        for line, (code, title, level) in self.csv_rows(name, ("code", "title", "skill_level")):
            code = code.strip()
            level = level.strip()
            if len(code) != 4 or not code.isdigit():
                self.problems.add(name, line, f"'{code}' is not a four-digit NOC 2016 code")
                continue
            if level not in NOC2016_LEVELS:
                self.problems.add(name, line, f"skill level {level!r} is not one of 0, A, B, C, D")
                continue
            if code in result:
                self.problems.add(name, line, f"NOC 2016 code {code} is already defined above")
                continue
            result[code] = m.Noc2016UnitGroup(code, title.strip(), level)
        return result

    def concordance(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        name = "occupations/noc2016_noc2021.csv"
        forward: dict[str, list[str]] = {}
        backward: dict[str, list[str]] = {}
        for _line, (old, new) in self.csv_rows(name, ("noc2016_code", "noc2021_code")):
            old = old.strip()
            new = new.strip()
            forward.setdefault(old, []).append(new)
            backward.setdefault(new, []).append(old)
        return (
            {key: tuple(dict.fromkeys(value)) for key, value in forward.items()},
            {key: tuple(dict.fromkeys(value)) for key, value in backward.items()},
        )

    def codes(self, table: Table, key: str, system: str) -> frozenset[str]:
        codes = table.string_list(key)
        for code in codes:
            self.ref(system, code, table, key)
        return frozenset(codes)

    def groups(self) -> dict[str, m.OccupationGroup]:
        opened = self.toml_file("occupations/groups.toml", ["groups"])
        if opened is None:
            return {}
        source, data, _root = opened
        result: dict[str, m.OccupationGroup] = {}
        for group_id, table in self.named_tables(source, data, "groups"):
            table.check_keys(
                [
                    "title",
                    "noc2021",
                    "noc2016",
                    "borderline2021",
                    "borderline2016",
                    "source",
                    "note",
                ]
            )
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            result[group_id] = m.OccupationGroup(
                id=group_id,
                title=table.text("title"),
                noc2021=self.codes(table, "noc2021", "noc2021"),
                noc2016=self.codes(table, "noc2016", "noc2016"),
                borderline2021=self.codes(table, "borderline2021", "noc2021"),
                borderline2016=self.codes(table, "borderline2016", "noc2016"),
                source=source_id,
                note=table.text("note"),
            )
        return result

    def lists(self) -> dict[str, m.OccupationList]:
        result: dict[str, m.OccupationList] = {}
        # lists that repeat another list's items (e.g. Colombia's lists are Peru's)
        copies: list[tuple[str, str, Table]] = []
        folder = self.root / "occupations" / "lists"
        if not folder.is_dir():
            self.problems.add("occupations/lists", None, "folder is missing")
            return result
        for path in sorted(folder.glob("*.toml")):
            relative = f"occupations/lists/{path.name}"
            loaded = read_toml(path, relative, self.problems, self.parsed)
            if loaded is None:
                continue
            source, data = loaded
            root = Table(source, data, 1, "", self.problems)
            root.check_keys(["lists"])
            section = data.get("lists", {})
            counter: dict[str, int] = {}
            for list_id, body in section.items() if isinstance(section, dict) else ():
                header = f'lists."{list_id}"'
                line = HeaderLine(source, header, 0, FoundLine(source, list_id))
                if not isinstance(body, dict):
                    self.problems.add(relative, line, f"list '{list_id}': must be a table")
                    continue
                table = Table(source, body, line, f"list '{list_id}'", self.problems)
                table.check_keys(["title", "kind", "source", "items", "note", "same_as"])
                kind = table.text("kind")
                if kind not in ("allowed", "excluded"):
                    table.problem(f'\'kind\' must be "allowed" or "excluded", not {kind!r}', "kind")
                    kind = "allowed"
                source_id = table.text("source")
                self.ref("source", source_id, table, "source")
                if list_id in result:
                    table.problem(f"list id '{list_id}' is defined twice")
                items: list[m.ListItem] = []
                same_as = table.text("same_as", required=False)
                if same_as:
                    copies.append((list_id, same_as, table))
                    if "items" in table.data:
                        table.problem(
                            "a list with 'same_as' takes its items from that list", "items"
                        )
                for item_table in table.tables(
                    "items", f"{header}.items", counter, required=not same_as
                ):
                    items.append(self.list_item(item_table))
                result[list_id] = m.OccupationList(
                    id=list_id,
                    title=table.text("title"),
                    kind=kind,  # type: ignore[arg-type]
                    source=source_id,
                    items=tuple(items),
                )
        for list_id, same_as, table in copies:
            original = result.get(same_as)
            if original is None or original.id in {copy for copy, _, _ in copies}:
                table.problem(f"'same_as' names no list with its own items: '{same_as}'", "same_as")
                continue
            result[list_id] = attrs.evolve(result[list_id], items=original.items)
        return result

    def list_item(self, table: Table) -> m.ListItem:
        table.check_keys(
            [
                "label",
                "noc2021",
                "noc2016",
                "partial2021",
                "partial2016",
                "group",
                "applies_when",
                "method",
                "note",
            ]
        )
        label = table.text("label")
        table.where = f"{table.where} ('{label}')"
        group = table.text("group", required=False) or None
        if group:
            self.ref("group", group, table, "group")
        item = m.ListItem(
            label=label,
            noc2021=self.codes(table, "noc2021", "noc2021"),
            noc2016=self.codes(table, "noc2016", "noc2016"),
            partial2021=self.codes(table, "partial2021", "noc2021"),
            partial2016=self.codes(table, "partial2016", "noc2016"),
            group=group,
            applies_when=self.optional_condition(table, "applies_when"),
            method=table.text("method", required=False),
            note=table.text("note", required=False),
        )
        if not (group or item.noc2021 or item.partial2021):
            table.problem("an item needs NOC 2021 codes (noc2021 / partial2021) or a 'group'")
        if not (group or item.noc2016 or item.partial2016):
            table.problem("an item needs NOC 2016 codes (noc2016 / partial2016) or a 'group'")
        return item

    def cusma(self) -> tuple[m.CusmaProfession, ...]:
        opened = self.toml_file("occupations/cusma_professions.toml", ["professions"])
        if opened is None:
            return ()
        _source, _data, root = opened
        counter: dict[str, int] = {}
        result: list[m.CusmaProfession] = []
        keys: dict[str, str] = {}
        for table in root.tables("professions", "professions", counter, required=True):
            table.check_keys(
                [
                    "name",
                    "aliases",
                    "group",
                    "credentials_text",
                    "credentials",
                    "requires",
                    "requires_text",
                    "noc_hints",
                    "source",
                    "note",
                ]
            )
            name = table.text("name")
            table.where = f"profession '{name}'"
            aliases = table.string_list("aliases")
            for key in (name, *aliases):
                folded = key.casefold()
                if folded in keys:
                    table.problem(
                        f"'{key}' is already used by profession '{keys[folded]}'", "aliases"
                    )
                keys[folded] = name
            group = table.text("group")
            if group not in ("general", "medical", "scientist", "teacher"):
                table.problem(
                    f"'group' must be general, medical, scientist or teacher, not {group!r}",
                    "group",
                )
            credentials = self.optional_condition(table, "credentials")
            if credentials is None and "credentials" not in table.data:
                table.problem("missing required key 'credentials'")
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            result.append(
                m.CusmaProfession(
                    name=name,
                    aliases=tuple(aliases),
                    group=group,
                    credentials_text=table.text("credentials_text"),
                    credentials=credentials or m.Always(False),
                    source=source_id,
                    requires=self.optional_condition(table, "requires"),
                    requires_text=table.text("requires_text", required=False),
                    noc_hints=self.codes(table, "noc_hints", "noc2021"),
                )
            )
        return tuple(result)
