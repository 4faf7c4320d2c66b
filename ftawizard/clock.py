"""Today's date for what the program makes: the real day, or the day of ``SOURCE_DATE_EPOCH``
(UTC) when it is set, so that output can be reproduced (and a test can move the clock)."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
