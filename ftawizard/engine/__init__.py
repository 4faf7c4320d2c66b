"""The rule engine: answers → verdicts, reasons and documents. No terminal, no I/O."""

from ftawizard.engine.answers import AnswerError, Answers, Occupation, parse_answers
from ftawizard.engine.evaluate import Assessment, Reason, RouteResult, Verdict, assess
from ftawizard.engine.report import assess_to_dict, assessment_to_dict

__all__ = [
    "AnswerError",
    "Answers",
    "Assessment",
    "Occupation",
    "Reason",
    "RouteResult",
    "Verdict",
    "assess",
    "assess_to_dict",
    "assessment_to_dict",
    "parse_answers",
]
