"""``sources.toml``, ``documents.toml``, ``steps.toml`` (steps, general notes, where to
apply) and ``changes.toml``; an agreement file may declare sources and documents too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ftawizard.content import models as m
from ftawizard.content.loading.conditions import ConditionsLoader
from ftawizard.content.reader import (
    SourceFile,
    Table,
)


class DocumentsLoader(ConditionsLoader):
    def sources(self) -> dict[str, m.Source]:
        opened = self.toml_file("sources.toml", ["sources"])
        if opened is None:
            return {}
        source, data, _root = opened
        return self.source_tables(source, data)

    def source_tables(self, source: SourceFile, data: dict[str, Any]) -> dict[str, m.Source]:
        """The ``[sources.<id>]`` tables of a file (sources.toml or an agreement file)."""
        result: dict[str, m.Source] = {}
        for source_id, table in self.named_tables(source, data, "sources"):
            table.check_keys(["title", "url", "date", "checked", "publisher", "note"])
            url = table.text("url")
            if url and not url.startswith(("https://", "http://")):
                table.problem(f"'url' must be a web address, not {url!r}", "url")
            date = table.date("date", required=False)
            # the day the source was last re-read against its newest version
            checked = table.date("checked")
            if date is not None and checked is not None and checked < date:
                table.problem(
                    f"'checked' ({checked}) is before the source's own date ({date})", "checked"
                )
            result[source_id] = m.Source(
                id=source_id,
                title=table.text("title"),
                url=url,
                date=date,
                publisher=table.text("publisher", required=False),
                checked=checked,
            )
        return result

    def documents(self) -> dict[str, m.Document]:
        opened = self.toml_file("documents.toml", ["documents"])
        if opened is None:
            return {}
        source, data, _root = opened
        return self.document_tables(source, data)

    def document_tables(self, source: SourceFile, data: dict[str, Any]) -> dict[str, m.Document]:
        """The ``[documents.<id>]`` tables of a file (documents.toml or an agreement file)."""
        result: dict[str, m.Document] = {}
        for document_id, table in self.named_tables(source, data, "documents"):
            table.check_keys(["title", "provided_by", "why", "source"])
            provided_by = table.text("provided_by")
            if provided_by not in ("worker", "employer"):
                table.problem(
                    f'\'provided_by\' must be "worker" or "employer", not {provided_by!r}',
                    "provided_by",
                )
                provided_by = "worker"
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            result[document_id] = m.Document(
                id=document_id,
                title=table.text("title"),
                provided_by=provided_by,  # type: ignore[arg-type]
                why=table.text("why"),
                source=source_id,
            )
        return result

    def steps(self) -> tuple[dict[str, m.Step], tuple[m.Note, ...], dict[str, m.ApplyAt]]:
        """``steps.toml``: the application's steps (with fees), the general notes and the
        places an application may be made."""
        opened = self.toml_file("steps.toml", ["steps", "general_notes", "apply_at"])
        if opened is None:
            return {}, (), {}
        source, data, root = opened
        apply_at: dict[str, m.ApplyAt] = {}
        for place_id, table in self.named_tables(source, data, "apply_at"):
            table.check_keys(["title", "text", "source"])
            place_source = table.text("source")
            self.ref("source", place_source, table, "source")
            apply_at[place_id] = m.ApplyAt(
                place_id, table.text("title"), table.text("text"), place_source
            )
        result: dict[str, m.Step] = {}
        for step_id, table in self.named_tables(source, data, "steps"):
            table.check_keys(["title", "who", "text", "source", "fee"])
            who = table.text("who")
            if who not in ("worker", "employer"):
                table.problem(f'\'who\' must be "worker" or "employer", not {who!r}', "who")
                who = "worker"
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            fee = None
            fee_table = table.sub("fee", required=False)
            if fee_table is not None:
                fee_table.check_keys(["amount", "currency", "per", "checked"])
                amount = fee_table.number("amount")
                if amount is None or amount < 0:
                    fee_table.problem("'amount' must be a number of 0 or more", "amount")
                fee = m.Fee(
                    amount=amount or 0.0,
                    currency=fee_table.text("currency"),
                    per=fee_table.text("per"),
                    checked=fee_table.date("checked") or dt.date.min,
                )
            result[step_id] = m.Step(
                id=step_id,
                title=table.text("title"),
                who=who,  # type: ignore[arg-type]
                text=table.text("text"),
                source=source_id,
                fee=fee,
            )
        notes = self.notes(root, "general_notes", "general_notes", {})
        return result, notes, apply_at

    def notes(
        self, table: Table, key: str, header: str, counter: dict[str, int]
    ) -> tuple[m.Note, ...]:
        """An array of notes (text, source, optional condition): a category's or the general ones."""
        notes = []
        for note_table in table.tables(key, header, counter):
            note_table.check_keys(["text", "source", "when"])
            note_source = note_table.text("source")
            self.ref("source", note_source, note_table, "source")
            notes.append(
                m.Note(
                    note_table.text("text"),
                    note_source,
                    self.optional_condition(note_table, "when"),
                )
            )
        return tuple(notes)

    def changes(self) -> tuple[m.ContentChange, ...]:
        """``changes.toml``: what changed in each content version (sessions name it)."""
        opened = self.toml_file("changes.toml", ["versions"])
        if opened is None:
            return ()
        _source, _data, root = opened
        counter: dict[str, int] = {}
        result = []
        for table in root.tables("versions", "versions", counter, required=True):
            table.check_keys(["version", "date", "changes"])
            version = table.text("version")
            date = table.date("date") or dt.date.min
            result.append(
                m.ContentChange(
                    version=version,
                    date=date,
                    changes=self.change_entries(table, counter, date),
                )
            )
        return tuple(result)

    def change_entries(
        self, table: Table, counter: dict[str, int], version_date: dt.date
    ) -> tuple[m.ChangeEntry, ...]:
        """A version's changes: plain sentences (``changes = ["…"]``, the older form) or
        ``[[versions.changes]]`` tables with ``text``, ``effective`` and ``source``."""
        raw = table.raw("changes")
        if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            texts = table.string_list("changes", required=True)
            if not texts:
                table.problem("'changes' must name at least one change", "changes")
            return tuple(m.ChangeEntry(text) for text in texts)
        entries: list[m.ChangeEntry] = []
        for entry in table.tables("changes", "versions.changes", counter, required=True):
            entry.check_keys(["text", "effective", "source"])
            effective = entry.date("effective", required=False)
            if effective is not None and effective > version_date:
                entry.problem(
                    f"'effective' ({effective}) is after the version's date ({version_date})",
                    "effective",
                )
            source_id = entry.text("source", required=False)
            if source_id:
                self.ref("source", source_id, entry, "source")
            entries.append(m.ChangeEntry(entry.text("text"), effective, source_id))
        if not entries:
            table.problem("'changes' must name at least one change", "changes")
        return tuple(entries)
