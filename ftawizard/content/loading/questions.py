"""``questions.toml``: the questions, and the retired ones whose stored answers are carried over."""

from __future__ import annotations

from ftawizard.content import models as m
from ftawizard.content.loading.base import LoaderBase
from ftawizard.content.reader import Table
from ftawizard.content.tokens import QUESTION_PLACEHOLDERS, unknown_tokens

QUESTION_TYPES = ("choice", "bool", "number", "date", "country", "noc", "cusma_profession", "text")
# the steps a question may belong to, with the title the wizard shows for each (in order)
QUESTION_STEPS = {
    "perspective": "Role",
    "nationality": "Nationality",
    "occupation": "Occupation",
    "purpose": "Purpose",
    "employment": "Employment",
    "transfer": "Transfer",
    "business": "Trade/investment",
    "services": "Service contract",
    "education": "Education",
    "experience": "Experience",
    "wage": "Wage",
    "regulation": "Licensing",
    "language": "Language",
    "spouse": "Spouse",
    # asked after the eligibility questions, for the application checklist only
    "application": "Application",
}


class QuestionsLoader(LoaderBase):
    def questions(self) -> tuple[m.Question, ...]:
        opened = self.toml_file("questions.toml", ["questions", "retired"])
        if opened is None:
            return ()
        source, data, root = opened
        for retired_id, table in self.named_tables(source, data, "retired"):
            table.check_keys(["replaced_by", "values"])
            replaced_by = table.text("replaced_by")
            self.condition_uses.append(
                (replaced_by, source.name, table.lazy_line("replaced_by"), table.where)
            )
            pairs: list[tuple[object, object]] = []
            for pair in table.inline_tables("values"):
                pair.check_keys(["old", "new"])
                new = pair.raw("new")
                if isinstance(new, str):
                    self.choice_uses.append(
                        (replaced_by, new, source.name, pair.lazy_line("new"), table.where)
                    )
                pairs.append((pair.raw("old"), new))
            self.retired[retired_id] = m.RetiredQuestion(retired_id, replaced_by, tuple(pairs))
        counter: dict[str, int] = {}
        result: list[m.Question] = []
        seen: set[str] = set()
        for table in root.tables("questions", "questions", counter, required=True):
            table.check_keys(
                [
                    "id",
                    "step",
                    "prompt",
                    "help",
                    "type",
                    "choices",
                    "unit",
                    "min",
                    "max",
                    "default",
                    "always",
                    "optional",
                    "source",
                    "ask_with",
                    "label",
                    "plausible",
                    "unknown_allowed",
                    "find_out",
                ]
            )
            question_id = table.text("id")
            table.where = f"question '{question_id}'"
            if question_id in seen:
                table.problem(f"question id '{question_id}' is used twice", "id")
            seen.add(question_id)
            kind = table.text("type")
            if kind and kind not in QUESTION_TYPES:
                table.problem(
                    f"unknown type '{kind}' (expected one of: {', '.join(QUESTION_TYPES)})", "type"
                )
            choices: list[m.Choice] = []
            for choice_table in table.inline_tables("choices"):
                choice_table.check_keys(["value", "label"])
                choices.append(m.Choice(choice_table.text("value"), choice_table.text("label")))
            if kind == "choice" and not choices:
                table.problem("a choice question needs 'choices'", "type")
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            ask_with = table.string_list("ask_with")
            for other in ask_with:
                self.condition_uses.append(
                    (other, source.name, table.lazy_line("ask_with"), table.where)
                )
            step = table.text("step")
            if step and step not in QUESTION_STEPS:
                table.problem(
                    f"unknown step '{step}' (expected one of: {', '.join(QUESTION_STEPS)})",
                    "step",
                )
            plausible = self.plausible(table, kind)
            unknown_allowed = table.boolean("unknown_allowed")
            find_out = table.text("find_out", required=False)
            if find_out and not unknown_allowed:
                table.problem(
                    "'find_out' says how to find an answer that is not known: it needs "
                    "'unknown_allowed = true'",
                    "find_out",
                )
            for key in ("prompt", "help", "find_out"):
                text = table.raw(key)
                if isinstance(text, str):
                    for token in unknown_tokens(text, QUESTION_PLACEHOLDERS):
                        table.problem(
                            f"unknown placeholder {token} in '{key}' (a question's text may "
                            f"hold {', '.join('{' + p + '}' for p in sorted(QUESTION_PLACEHOLDERS))}"
                            " and perspective tokens such as {You are} or {you|the worker})",
                            key,
                        )
            result.append(
                m.Question(
                    id=question_id,
                    step=step,
                    prompt=table.text("prompt"),
                    help=table.text("help"),
                    type=kind if kind in QUESTION_TYPES else "text",  # type: ignore[arg-type]
                    source=source_id,
                    choices=tuple(choices),
                    unit=table.text("unit", required=False),
                    min=table.number("min"),
                    max=table.number("max"),
                    default=table.raw("default"),
                    always=table.boolean("always"),
                    optional=table.boolean("optional"),
                    ask_with=tuple(ask_with),
                    label=table.text("label", required=False)
                    or question_id.replace("_", " ").capitalize(),
                    plausible=plausible,
                    unknown_allowed=unknown_allowed,
                    find_out=find_out,
                )
            )
        return tuple(result)

    def plausible(self, table: Table, kind: str) -> m.Plausible | None:
        """``plausible = { min = …, max = …, below = "…", above = "…" }`` of a number
        question: answers outside it are confirmed by the person before they are kept."""
        sub = table.sub("plausible", required=False)
        if sub is None:
            return None
        sub.check_keys(["min", "max", "below", "above"])
        if kind != "number":
            table.problem("'plausible' is for number questions only", "plausible")
        low, high = sub.number("min"), sub.number("max")
        if low is None and high is None:
            sub.problem("'plausible' needs 'min', 'max' or both")
        if low is not None and high is not None and low > high:
            sub.problem(f"'min' ({low:g}) is more than 'max' ({high:g})", "min")
        return m.Plausible(
            min=low,
            max=high,
            below=sub.text("below", required=False),
            above=sub.text("above", required=False),
        )
