"""How old the rules are: the content's as-of date, and a notice when it may be out of date.

The rules are as of the newest date on which one of their sources was last checked (a
source's ``checked`` date, else the page's own ``date``). IRCC changes its instructions often,
so when the application date, or today, is more than ``STALE_AFTER_MONTHS`` past that date,
every result carries a notice saying that the rules may have changed since, and where to check.
Pure: no clock is read here; the callers pass today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt

import attrs

from ftawizard.content import models as m

STALE_AFTER_MONTHS = 6
# what the manifest's ``rules_may_have_changed`` text can name
NOTICE_PLACEHOLDERS = frozenset({"as_of", "when", "date", "months"})


def checked_on(source: m.Source) -> dt.date | None:
    """The date the source was last checked against its newest version (else its own date)."""
    return source.checked or source.date


def rules_as_of(content: m.Content) -> dt.date | None:
    """The newest date on which a source of the rules was checked (None: no source is dated)."""
    dates = [date for source in content.sources.values() if (date := checked_on(source))]
    return max(dates) if dates else None


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` plus whole calendar months (the 31st becomes the month's last day)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


@attrs.frozen
class RulesAge:
    """The rules' as-of date and content version, and the notice to show with a result."""

    as_of: dt.date | None
    version: str
    notice: str | None = None  # set when the rules may be out of date for this result

    @property
    def line(self) -> str:
        """``Rules as of 2026-01-28 (content 2026.12.1)``: for headers and footers."""
        date = self.as_of.isoformat() if self.as_of else "an unknown date"
        return f"Rules as of {date} (content {self.version})"


def rules_age(content: m.Content, application_date: dt.date, today: dt.date) -> RulesAge:
    """The rules' age for a result about an application received on ``application_date``,
    made on ``today``: with a notice when either is more than 6 months past the as-of date."""
    as_of = rules_as_of(content)
    notice = None
    if as_of is not None:
        limit = add_months(as_of, STALE_AFTER_MONTHS)
        late = [
            (label, date)
            for label, date in (("the application date", application_date), ("today", today))
            if date > limit
        ]
        if late:
            label, date = late[0]
            notice = content.texts["rules_may_have_changed"].format(
                as_of=as_of.isoformat(),
                when=label,
                date=date.isoformat(),
                months=STALE_AFTER_MONTHS,
            )
    return RulesAge(as_of, content.version, notice)


def sources_by_checked(content: m.Content) -> list[m.Source]:
    """Every source, the least recently checked first (undated ones before all others)."""
    return sorted(
        content.sources.values(),
        key=lambda source: (
            checked_on(source) is not None,
            checked_on(source) or dt.date.min,
            source.id,
        ),
    )
