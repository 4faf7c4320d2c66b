"""``agreements/*.toml``: each agreement, its categories (routes) and their rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from ftawizard.content import models as m
from ftawizard.content.loading.documents import DocumentsLoader
from ftawizard.content.loading.occupations import NOC2016_LEVELS
from ftawizard.content.reader import (
    FoundLine,
    SourceFile,
    Table,
    read_toml,
)

RULE_KINDS: tuple[str, ...] = get_args(m.RuleKind)


class AgreementsLoader(DocumentsLoader):
    def agreements(self) -> tuple[m.Agreement, ...]:
        folder = self.root / "agreements"
        if not folder.is_dir():
            self.problems.add("agreements", None, "folder is missing")
            return ()
        result: list[m.Agreement] = []
        for path in sorted(folder.glob("*.toml")):
            relative = f"agreements/{path.name}"
            loaded = read_toml(path, relative, self.problems, self.parsed)
            if loaded is None:
                continue
            agreement = self.agreement(*loaded)
            if agreement is not None:
                result.append(agreement)
        # the order people meet them in (manifest.toml); any other agreement after those
        order = {agreement_id: index for index, agreement_id in enumerate(self.agreement_order)}
        known = {agreement.id for agreement in result}
        for agreement_id in self.agreement_order:
            if agreement_id not in known:
                self.problems.add(
                    "manifest.toml", None, f"agreement_order names no agreement '{agreement_id}'"
                )
        result.sort(key=lambda agreement: (order.get(agreement.id, len(order)), agreement.id))
        return tuple(result)

    def agreement(self, source: SourceFile, data: dict[str, Any]) -> m.Agreement | None:
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["agreement", "categories", "sources", "documents"])
        for source_id, item in self.source_tables(source, data).items():
            line = FoundLine(source, f"[sources.{source_id}]")
            self.agreement_sources.append((source_id, item, source.name, line))
        for document_id, document in self.document_tables(source, data).items():
            line = FoundLine(source, f"[documents.{document_id}]")
            self.agreement_documents.append((document_id, document, source.name, line))
        head = root.sub("agreement", header="agreement")
        if head is None:
            return None
        head.check_keys(["id", "name", "short", "source", "summary"])
        agreement_id = head.text("id")
        source_id = head.text("source")
        self.ref("source", source_id, head, "source")
        counter: dict[str, int] = {}
        categories = tuple(
            self.category(table, agreement_id, counter)
            for table in root.tables("categories", "categories", counter, required=True)
        )
        return m.Agreement(
            id=agreement_id,
            name=head.text("name"),
            short=head.text("short"),
            source=source_id,
            categories=categories,
            summary=head.text("summary", required=False),
        )

    def category(self, table: Table, agreement_id: str, counter: dict[str, int]) -> m.Category:
        table.check_keys(
            [
                "id",
                "name",
                "exemption_code",
                "former_codes",
                "max_initial_duration_months",
                "source",
                "citizens",
                "permanent_residents",
                "not_covered",
                "principal",
                "rules",
                "documents",
                "notes",
                "steps",
                "summary",
                "duration",
                "apply_at",
            ]
        )
        category_id = table.text("id")
        route_id = f"{agreement_id}.{category_id}"
        table.where = f"category '{route_id}'"
        source_id = table.text("source")
        self.ref("source", source_id, table, "source")
        citizens = self.table_countries(table, "citizens", required=True)
        residents = self.table_countries(table, "permanent_residents")
        former: list[m.FormerCode] = []
        for code_table in table.inline_tables("former_codes"):
            code_table.check_keys(["code", "until"])
            until = code_table.date("until")
            former.append(m.FormerCode(code_table.text("code"), until or dt.date.min))
        not_covered: list[m.NotCovered] = []
        for nc_table in table.inline_tables("not_covered"):
            nc_table.check_keys(["citizens", "permanent_residents", "text", "source"])
            nc_source = nc_table.text("source")
            self.ref("source", nc_source, nc_table, "source")
            nc_citizens = self.table_countries(nc_table, "citizens")
            nc_residents = self.table_countries(nc_table, "permanent_residents")
            not_covered.append(
                m.NotCovered(
                    nc_table.text("text"),
                    nc_source,
                    frozenset(nc_citizens),
                    frozenset(nc_residents),
                )
            )
        principal = table.string_list("principal")
        for route in principal:
            self.ref("route", route, table, "principal")
        rule_tables = table.tables("rules", "categories.rules", counter, required=True)
        rules = tuple(self.rule(rule_table, route_id) for rule_table in rule_tables)
        seen_rules: set[str] = set()
        for rule, rule_table in zip(rules, rule_tables, strict=True):
            if rule.id in seen_rules:
                # at the second rule of that id, not at the category
                rule_table.problem(f"rule id '{rule.id}' is used twice", "id")
            seen_rules.add(rule.id)
        documents: list[m.DocumentRef] = []
        for doc_table in table.tables("documents", "categories.documents", counter):
            doc_table.check_keys(["id", "when"])
            document_id = doc_table.text("id")
            self.ref("document", document_id, doc_table, "id")
            documents.append(m.DocumentRef(document_id, self.optional_condition(doc_table, "when")))
        notes = self.notes(table, "notes", "categories.notes", counter)
        steps: list[m.DocumentRef] = []
        for step_table in table.tables("steps", "categories.steps", counter):
            step_table.check_keys(["id", "when"])
            step_id = step_table.text("id")
            self.ref("step", step_id, step_table, "id")
            steps.append(m.DocumentRef(step_id, self.optional_condition(step_table, "when")))
        duration = None
        duration_table = table.sub("duration", required=True)
        if duration_table is not None:
            duration_table.check_keys(["initial", "extensions", "total", "total_months", "source"])
            duration_source = duration_table.text("source")
            self.ref("source", duration_source, duration_table, "source")
            total_months = None
            if "total_months" in duration_table.data:
                total_months = duration_table.integer("total_months")
            duration = m.Duration(
                initial=duration_table.text("initial"),
                extensions=duration_table.text("extensions"),
                total=duration_table.text("total"),
                source=duration_source,
                total_months=total_months,
            )
        apply_at = table.text("apply_at")
        if apply_at:
            self.ref("apply_at", apply_at, table, "apply_at")
        months = table.integer("max_initial_duration_months")
        if months <= 0:
            table.problem(
                "'max_initial_duration_months' must be a positive number of months",
                "max_initial_duration_months",
            )
        return m.Category(
            id=category_id,
            route_id=route_id,
            agreement_id=agreement_id,
            name=table.text("name"),
            exemption_code=table.text("exemption_code"),
            max_initial_duration_months=months,
            source=source_id,
            citizens=frozenset(citizens),
            permanent_residents=frozenset(residents),
            rules=rules,
            documents=tuple(documents),
            notes=notes,
            steps=tuple(steps),
            not_covered=tuple(not_covered),
            former_codes=tuple(former),
            principal=tuple(principal),
            summary=table.text("summary", required=False),
            duration=duration,
            apply_at=apply_at,
        )

    def rule(self, table: Table, route_id: str) -> m.Rule:
        table.check_keys(
            [
                "id",
                "kind",
                "test",
                "met",
                "not_met",
                "unknown",
                "officer",
                "source",
                "applies_when",
                "teer",
                "noc2016_levels",
                "lists",
                "lists_by",
                "judgement",
            ]
        )
        rule_id = table.text("id")
        table.where = f"rule '{route_id}/{rule_id}'"
        kind = table.text("kind")
        if kind not in RULE_KINDS:
            table.problem(
                f"unknown rule kind '{kind}' (expected one of: {', '.join(RULE_KINDS)})", "kind"
            )
            kind = "condition"
        source_id = table.text("source")
        self.ref("source", source_id, table, "source")
        # a rule the source leaves to the officer: never plainly met, so it has no 'met' text
        # (and without facts of its own, no 'not_met' either); its 'officer' text is required
        judgement = table.text("judgement", required=False)
        if judgement and "met" in table.data:
            table.problem(
                "a rule left to the officer's judgement is never plainly met: drop 'met'", "met"
            )
        texts = m.RuleTexts(
            met="" if judgement else table.text("met"),
            not_met=table.text("not_met", required=not judgement or "test" in table.data),
            unknown=table.text("unknown"),
            officer=table.text("officer", required=bool(judgement)),
        )
        test = None
        if kind == "condition":
            if "test" not in table.data and not judgement:
                table.problem("a condition rule needs 'test'")
            test = self.optional_condition(table, "test")
            if judgement:
                # the facts first (asked for while they are missing), then the officer
                officer = m.Officer(judgement)
                test = officer if test is None else m.AllOf((test, officer))
                if m.can_be(test, True):
                    table.problem(
                        "this rule is marked as the officer's judgement but can come out "
                        "plainly met",
                        "judgement",
                    )
        elif "test" in table.data:
            table.problem(f"'test' is only for condition rules, not '{kind}'", "test")
        if judgement and kind != "condition":
            table.problem(
                f"'judgement' marks condition rules only: a '{kind}' rule is worked out in code "
                "and can come out plainly met",
                "judgement",
            )
        teer: frozenset[int] = frozenset()
        levels: frozenset[str] = frozenset()
        if kind == "occupation_level":
            raw_teer = table.raw("teer")
            if not isinstance(raw_teer, list) or not all(
                isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5
                for value in raw_teer
            ):
                table.problem("'teer' must be a list of TEER numbers 0–5", "teer")
            else:
                teer = frozenset(raw_teer)
            level_list = table.string_list("noc2016_levels", required=True)
            for level in level_list:
                if level not in NOC2016_LEVELS:
                    table.problem(
                        f"NOC 2016 level {level!r} is not one of 0, A, B, C, D", "noc2016_levels"
                    )
            levels = frozenset(level_list)
        lists: dict[str, str] = {}
        lists_by = table.text("lists_by", required=False) or None
        if lists_by is not None:
            self.condition_uses.append(
                (lists_by, table.source.name, table.lazy_line("lists_by"), table.where)
            )
        if kind == "occupation_list":
            lists_table = table.sub("lists", required=True)
            if lists_table is not None:
                for key, list_id in lists_table.data.items():
                    if not isinstance(list_id, str):
                        table.problem(f"lists.{key} must be a list id", "lists")
                        continue
                    if lists_by is None:
                        self.ref("country", key, table, "lists")
                    else:
                        where = table.where
                        self.choice_uses.append(
                            (lists_by, key, table.source.name, table.lazy_line("lists"), where)
                        )
                    self.ref("list", list_id, table, "lists")
                    lists[key] = list_id
        elif "lists" in table.data or lists_by is not None:
            table.problem("'lists' and 'lists_by' are only for occupation_list rules", "lists")
        return m.Rule(
            id=rule_id,
            kind=kind,  # type: ignore[arg-type]
            texts=texts,
            source=source_id,
            applies_when=self.optional_condition(table, "applies_when"),
            test=test,
            teer=teer,
            noc2016_levels=levels,
            lists=lists,
            lists_by=lists_by,
            judgement=judgement,
        )
