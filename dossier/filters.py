"""Jinja filters the theme uses to show the model's values to readers."""
from __future__ import annotations

import calendar

from .dates import PartialDate


def human_date(date: PartialDate | None) -> str:
    """PartialDate -> "18 March 2025", "March 2025" or "2025", as precise as known."""
    if date is None:
        return "date unknown"
    if date.month is None:
        return str(date.year)
    month = calendar.month_name[date.month]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


JINJA_FILTERS = {"human_date": human_date}
