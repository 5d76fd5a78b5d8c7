"""Date expressions in article text, resolved against the article's own date.

News articles rarely write a full date: they say "March 18", "in March",
"on Sunday" or "last month", which only mean something once we know when the
article appeared. Every resolution records how it was made, so that a page can
tell readers why an event carries the date it does.

The mention text includes the small word that introduced the date ("on Sunday",
"in 2024", "last October", "mid-March"); where expressions overlap, the
longest one wins ("Jan. 15, 2025", never "Jan. 15" and "2025").
"""
from __future__ import annotations

import bisect
import calendar
import datetime
import functools
import operator
import re
from dataclasses import dataclass
from typing import Callable, NamedTuple

from .records import record


@functools.total_ordering
@record
class PartialDate:
    """A calendar date known to day, month or year precision.

    Ordering puts a coarser date before the finer dates it covers
    (2025 < 2025-03 < 2025-03-01), so dates of mixed precision sort
    without comparing None to a number.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError(f"a day needs a month: year {self.year}, day {self.day}")
        self.earliest()  # raises ValueError for month 13, 30 February and the like

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """The inverse of iso(): "2025-03-18", "2025-03" or "2025"."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if match is None:
            raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
        numbers = [int(part) for part in match.groups() if part is not None]
        try:
            return cls(*numbers)
        except ValueError as error:
            raise ValueError(f"not a calendar date: {text!r} ({error})") from None

    def earliest(self) -> datetime.date:
        """The first day covered."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> datetime.date:
        """The last day covered."""
        if self.day is not None:
            return self.earliest()
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return _sort_key(self) < _sort_key(other)


def _sort_key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 0, date.day or 0)


@record
class DateMention:
    """One date expression found in a text, and what it was taken to mean."""

    text: str  # the expression as written, e.g. "on Sunday", "Jan. 15, 2025"
    start: int  # character span in the text given to find_dates
    end: int
    date: PartialDate
    method: str  # "absolute", "year from context", "relative weekday", "relative day", "relative month",
    #              "relative year", "relative period", "time of day", "relative to another date"
    note: str  # e.g. "'on Sunday' → 2025-05-11, from the article's date 2025-05-12"
    doubtful: bool  # the resolution rests on an inferred reference date or is otherwise uncertain


# A partial date more than this long before the article is likely from another
# year than the one we pick ("the October 7 attack" in a May article).
_FAR_BACK = datetime.timedelta(days=183)
# Articles announce dates a few days ahead ("talks resume on March 20").
_LOOKAHEAD = datetime.timedelta(days=7)

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Pieces of the patterns. Names are case-sensitive (lowercase "may" and "march"
# are verbs); the little words around them are not.
_GAP = r"[^\S\n]+"  # spaces, tabs and no-break spaces, never a line break
_START = r"(?<![\w.,])"  # not inside a word or a number such as 37,834
_MONTH = (r"(?P<month>(?:%s)\b|(?:%s)\b\.?)"
          % ("|".join(_MONTH_NAMES), "|".join(_MONTH_ABBREVIATIONS)))
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w)(?!,\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\w)(?![.,]\d)"
_DAY_CUE = rf"(?:(?P<cue>(?i:on|by|until|since|from)){_GAP})?(?:(?:{'|'.join(_WEEKDAYS)}),?{_GAP})?"
_PART = rf"(?:(?P<part>(?i:early|late|mid))(?:-|{_GAP}))?"
_MONTH_CUE = rf"(?:(?P<cue>(?i:in|since|by|until|during|from)){_GAP})?{_PART}"
_YEAR_CUE = rf"(?P<cue>(?i:in|since|of|by|until)){_GAP}{_PART}"
_DAY_OF_MONTH = rf"(?:(?i:the){_GAP})?{_DAY}{_GAP}(?i:of){_GAP}{_MONTH}"  # "the 3rd of May"
_NUMBER_WORDS = ("a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve")
_COUNT = rf"(?P<count>\d{{1,2}}|(?i:{'|'.join(_NUMBER_WORDS)}))"
_ZONE_NAMES = ("GMT", "UTC", "BST", "CEST", "CET", "EEST", "EET", "EDT", "EST", "ET", "PDT", "PST", "PT", "IDT")
_ZONES = "|".join(_ZONE_NAMES) + "|local time"


class _Reference(NamedTuple):
    date: PartialDate | None
    inferred: bool

    def describe(self) -> str:
        if self.inferred:
            text = f"the article's inferred date, not before {self.date.iso()}"
        else:
            text = f"the article's date {self.date.iso()}"
        if self.date.precision != "day":
            text += f" (known only to the {self.date.precision})"
        return text


class _Reading(NamedTuple):
    date: PartialDate
    method: str
    how: str
    doubtful: bool


def _optional(match: re.Match, name: str) -> str | None:
    """A named group, or None when the pattern lacks it or it did not take part."""
    return match[name] if name in match.re.groupindex else None


def _group(match: re.Match, name: str) -> str:
    """A named group in lowercase, or "" when the pattern lacks it or it did not take part."""
    return (_optional(match, name) or "").lower()


_MONTH_NUMBERS = {month[:3]: number for number, month in enumerate(_MONTH_NAMES, start=1)}


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3]]


def _last_day(date: PartialDate) -> datetime.date:
    if date.day is not None:
        return date.earliest()
    month = date.month or 12
    return datetime.date(date.year, month, calendar.monthrange(date.year, month)[1])


def _relative(date: PartialDate, method: str, ref: _Reference) -> _Reading:
    return _Reading(date, method, "from " + ref.describe(), ref.inferred)


def _from_context(date: PartialDate, ref: _Reference) -> _Reading:
    """A date whose year was taken from the article's date."""
    how = "year from " + ref.describe()
    doubtful = ref.inferred or ref.date.precision == "year"
    if ref.date.earliest() - date.earliest() > _FAR_BACK:
        how += ", over six months earlier, so the year is uncertain"
        doubtful = True
    return _Reading(date, "year from context", how, doubtful)


def _absolute(match: re.Match, ref: _Reference) -> _Reading:
    """A date written with its year: "Jan. 15, 2025", "March 2025", "in 2024"."""
    month = _optional(match, "month")
    day = _optional(match, "day")
    date = PartialDate(int(match["year"]),
                       _month_number(month) if month else None,
                       int(day) if day else None)
    return _Reading(date, "absolute", "as written", False)


def _day_in_context(match: re.Match, ref: _Reference) -> _Reading | None:
    """"March 18": the latest such day not more than a week after the article."""
    if ref.date is None:
        return None
    month, day = _month_number(match["month"]), int(match["day"])
    if ref.inferred:
        return _nearest_to_bound(month, day, ref)
    limit = _last_day(ref.date)
    if ref.date.precision == "day":
        limit += _LOOKAHEAD
    # Nine years back always reaches a 29 February.
    for year in range(limit.year, limit.year - 9, -1):
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            continue
        if found <= limit:
            return _from_context(PartialDate(year, month, day), ref)
    raise ValueError(f"no such day: {match[0]!r}")


def _nearest_to_bound(month: int, day: int | None, ref: _Reference) -> _Reading | None:
    """With only a 'not before' date for the article, the occurrence nearest to it.

    The article may be older or newer than any date it mentions, so neither
    "latest before" nor "first after" is safe; the nearest is right far more often.
    """
    bound = ref.date.earliest()
    candidates = []
    for year in (bound.year - 1, bound.year, bound.year + 1):
        try:
            candidates.append(datetime.date(year, month, day or 1))
        except ValueError:
            continue
    if not candidates:
        return None
    found = min(candidates, key=lambda candidate: (abs((candidate - bound).days), candidate))
    return _from_context(PartialDate(found.year, month, day), ref)


def _month_in_context(match: re.Match, ref: _Reference) -> _Reading | None:
    """"in March", "mid-March": the latest March up to the article's month."""
    cue, part = _group(match, "cue"), _group(match, "part")
    if ref.date is None or not (cue or part):
        return None
    if match["month"] == "May" and not part and cue not in ("in", "since"):
        return None  # "by May" may well be a person's name
    month = _month_number(match["month"])
    if ref.inferred:
        return _nearest_to_bound(month, None, ref)
    year = ref.date.year
    if ref.date.month is not None and month > ref.date.month:
        year -= 1
    return _from_context(PartialDate(year, month), ref)


def _last_named_month(match: re.Match, ref: _Reference) -> _Reading | None:
    """"last October": the latest October strictly before the article's month."""
    if ref.date is None or ref.date.month is None:
        return None
    month = _month_number(match["month"])
    year = ref.date.year if month < ref.date.month else ref.date.year - 1
    return _relative(PartialDate(year, month), "relative month", ref)


def _last_or_this(match: re.Match, ref: _Reference) -> _Reading | None:
    """"last month", "this month", "last year", "this year"."""
    if ref.date is None:
        return None
    back = 1 if _group(match, "which") == "last" else 0
    if _group(match, "unit") == "year":
        return _relative(PartialDate(ref.date.year - back), "relative year", ref)
    if ref.date.month is None:
        return None
    months = ref.date.year * 12 + ref.date.month - 1 - back
    return _relative(PartialDate(months // 12, months % 12 + 1), "relative month", ref)


def _weekday(match: re.Match, ref: _Reference) -> _Reading | None:
    """A weekday: the latest such day on or before the article's date, unless a cue points forward.

    Bare "Sunday" and "on Sunday" may be the article's own day: a report
    published on a Sunday says "on Sunday" of that day's events, and a week
    earlier would be "last Sunday", which is therefore strictly before it.
    "this Sunday" is the one of the article's week; "next" and "coming" the
    first after it. "every", "by" and "until" point nowhere in particular.
    """
    cue = " ".join(_group(match, "cue").split())
    if cue in ("every", "by", "until") or ref.date is None or ref.date.precision != "day":
        return None
    today, weekday = ref.date.earliest(), _WEEKDAYS.index(match["weekday"])
    doubtful = ref.inferred
    how = "from " + ref.describe()
    if cue == "this":
        found = today + datetime.timedelta(days=weekday - today.weekday())
        how = "in the week of " + ref.describe()
    elif cue in ("next", "coming", "this coming"):
        found = today + datetime.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        if cue == "next" and found.weekday() > today.weekday():
            # Within the article's own week: many writers would mean the week after.
            how += ", the first one after it; it may mean a week later"
            doubtful = True
    else:
        back = (today.weekday() - weekday) % 7
        if cue == "last" and back == 0:
            back = 7
        found = today - datetime.timedelta(days=back)
    return _Reading(PartialDate(found.year, found.month, found.day), "relative weekday", how, doubtful)


def _day_word(match: re.Match, ref: _Reference) -> _Reading | None:
    """"yesterday" and "today"."""
    if ref.date is None or ref.date.precision != "day":
        return None
    back = 1 if _group(match, "word") == "yesterday" else 0
    found = ref.date.earliest() - datetime.timedelta(days=back)
    return _relative(PartialDate(found.year, found.month, found.day), "relative day", ref)


def _numeric(match: re.Match, ref: _Reference) -> _Reading:
    """"05/03/2024", "25.03.2024": day and month in either order, ambiguous when both can be a month."""
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    readings = {}
    for month, day, order in ((first, second, "month first"), (second, first, "day first")):
        try:
            readings.setdefault(PartialDate(year, month, day), order)
        except ValueError:
            continue
    if not readings:
        raise ValueError(f"no such day: {match[0]!r}")
    if len(readings) == 1:
        (date, order), = readings.items()
        return _Reading(date, "absolute", f"as written, {order}", False)
    date = _likelier(list(readings), ref, month_first=match["sep"] == "/")
    other = next(iter(set(readings) - {date}))
    how = (f"as written, {readings[date]}; ambiguous, since {match[0]} may also be {other.iso()} "
           f"({readings[other]})")
    return _Reading(date, "absolute", how, True)


def _likelier(dates: list[PartialDate], ref: _Reference, month_first: bool) -> PartialDate:
    """Of two readings of a numeric date, the latest not after the article (plus a week), else the usual order.

    Slashes are month first in American pages, dots and dashes day first.
    """
    usual = dates[0] if month_first else dates[1]
    if ref.date is None:
        return usual
    limit = _last_day(ref.date) + _LOOKAHEAD
    possible = [date for date in dates if date.earliest() <= limit]
    if len(possible) == 1:
        return possible[0]
    return max(possible, key=PartialDate.earliest) if possible else usual


def _year_first(match: re.Match, ref: _Reference) -> _Reading:
    """"2024-05-03", "2024/05/03": year, month, day, never ambiguous."""
    date = PartialDate(int(match["year"]), int(match["numeric_month"]), int(match["numeric_day"]))
    return _Reading(date, "absolute", "as written", False)


def _time_of_day(match: re.Match, ref: _Reference) -> _Reading | None:
    """"14:30 GMT" on a live page: the article's own day (dropped when the text gives a day)."""
    if ref.date is None or ref.date.precision != "day":
        return None
    return _Reading(ref.date, "time of day", "a time of day, so the day of " + ref.describe(), ref.inferred)


def _count(match: re.Match) -> int:
    count = _group(match, "count")
    return int(count) if count.isdigit() else max(_NUMBER_WORDS.index(count) - 1, 1)


def _ago(match: re.Match, ref: _Reference) -> _Reading | None:
    """"three days ago", "a week ago", "over a year ago": counted back from the article's day.

    Days and weeks give a day, months a month, years a year. "Over" or "more
    than" makes it a bound, not a date: coarser and doubtful.
    """
    if ref.date is None or ref.date.precision != "day":
        return None
    count, unit, today = _count(match), _group(match, "unit").rstrip("s"), ref.date.earliest()
    qualifier = " ".join(_group(match, "qualifier").split())
    at_least = qualifier in ("over", "more than", "just over")
    if unit in ("day", "week"):
        found = today - datetime.timedelta(days=count * (7 if unit == "week" else 1))
        date = PartialDate(found.year, found.month) if at_least else PartialDate(found.year, found.month, found.day)
    elif unit == "month":
        months = today.year * 12 + today.month - 1 - count
        date = PartialDate(months // 12, months % 12 + 1)
    else:
        date = PartialDate(today.year - count)
    how = "counted back from " + ref.describe()
    if at_least:
        how += f", and it may be earlier ({qualifier})"
    elif qualifier:
        how += f", approximately ({qualifier})"
    return _Reading(date, "relative period", how, ref.inferred or at_least)


def _this_period(match: re.Match, ref: _Reference) -> _Reading | None:
    """"earlier this week", "later this month", "earlier this year": within the article's week, month or year."""
    if ref.date is None:
        return None
    unit, earlier = _group(match, "unit"), _group(match, "when") == "earlier"
    if unit == "year":
        return _relative(PartialDate(ref.date.year), "relative period", ref)
    if ref.date.month is None:
        return None
    if unit == "month":
        return _relative(PartialDate(ref.date.year, ref.date.month), "relative period", ref)
    if ref.date.precision != "day":
        return None
    today = ref.date.earliest()
    monday = today - datetime.timedelta(days=today.weekday())
    if earlier:
        # From the Sunday before: some pages' weeks begin on Sunday, others' on Monday.
        return _between(monday - datetime.timedelta(days=1), max(monday, today) - datetime.timedelta(days=1), ref)
    return _between(min(today + datetime.timedelta(days=1), monday + datetime.timedelta(days=6)),
                    monday + datetime.timedelta(days=6), ref)


def _between(first: datetime.date, last: datetime.date, ref: _Reference) -> _Reading:
    """A stretch of days as the finest date that holds all of it: a day, its month, or its year."""
    if first == last:
        date = PartialDate(first.year, first.month, first.day)
    elif (first.year, first.month) == (last.year, last.month):
        date = PartialDate(first.year, first.month)
    else:
        date = PartialDate(last.year)
    how = f"between {first.isoformat()} and {last.isoformat()}, from {ref.describe()}" if first != last \
        else "from " + ref.describe()
    return _Reading(date, "relative period", how, ref.inferred or first.year != last.year)


def _last_week(match: re.Match, ref: _Reference) -> _Reading | None:
    """"last week", "this week", "last weekend": that stretch of days before (or around) the article's day."""
    if ref.date is None or ref.date.precision != "day":
        return None
    today = ref.date.earliest()
    monday = today - datetime.timedelta(days=today.weekday())
    last = _group(match, "which") == "last"
    if _group(match, "unit") == "weekend":
        sunday = monday - datetime.timedelta(days=1) if last else monday + datetime.timedelta(days=6)
        return _between(sunday - datetime.timedelta(days=1), sunday, ref)
    if last:
        monday -= datetime.timedelta(days=7)
    return _between(monday, monday + datetime.timedelta(days=6), ref)


class _Offset(NamedTuple):
    """"two days after" (the date that follows) or "two days later" (after the date before)."""

    days: int
    toward: str  # "following": the date written next; "preceding": the date written before


def _offset(match: re.Match, ref: _Reference) -> _Offset:
    direction = _group(match, "direction") or {"next": "later", "following": "later"}.get(
        _group(match, "direction_word"), "earlier")
    count = 1 if _optional(match, "count") is None else _count(match)
    days = count * (7 if _group(match, "unit").startswith("week") else 1)
    if direction in ("before", "earlier", "previous"):
        days = -days
    return _Offset(days, "following" if direction in ("after", "before") else "preceding")


_IMPOSSIBLE = object()  # "February 30, 2025": hides shorter readings, yields nothing


@dataclass(frozen=True)
class _Rule:
    """A date pattern, how a match is read, and where in a text it can match.

    Trying a pattern at every position of a text is what makes finding dates
    costly. So a rule with an anchor, a kind of word every match holds (a
    month name, a year, a weekday, a unit of time, a time zone), is tried only at the places of such words
    in the text and at the words before each (at most four: "on the 15th of
    March"), where a match holding it may begin. A rule without one is tried
    on a text only if needs is found in its lower-case form; each needs
    pattern begins with a few letters, which re scans for quickly.
    """

    pattern: re.Pattern
    resolve: Callable[[re.Match, _Reference], _Reading | None]
    anchor: str | None = None  # "month", "year", "weekday", "unit" (day, week…) or "zone" (GMT…):
    #                            its word begins one of every match's words
    needs: tuple[str, ...] = ()  # words one of which every match holds, in lower case


# Absolute forms come first, so they win a tie with a relative reading.
_RULES = [
    _Rule(re.compile(rf"{_START}{_DAY_CUE}{_MONTH}{_GAP}{_DAY},?{_GAP}{_YEAR}"), _absolute, "month"),  # Jan. 15, 2025
    _Rule(re.compile(rf"{_START}{_DAY_CUE}{_DAY}{_GAP}{_MONTH},?{_GAP}{_YEAR}"), _absolute, "month"),  # 18 March, 2025
    _Rule(re.compile(rf"{_START}{_DAY_CUE}{_DAY_OF_MONTH},?{_GAP}{_YEAR}"), _absolute, "month"),  # the 3rd of May 2024
    _Rule(re.compile(rf"{_START}{_MONTH_CUE}{_MONTH}{_GAP}{_YEAR}"), _absolute, "month"),  # March 2025
    _Rule(re.compile(rf"{_START}{_YEAR_CUE}{_YEAR}"), _absolute, "year"),  # in 2024
    _Rule(re.compile(r"(?<![\w.,/-])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<numeric_month>\d\d)(?P=sep)"
                     r"(?P<numeric_day>\d\d)(?![\w/-]|[.,]\d)"), _year_first, "year"),  # 2025-03-18, 2025/03/18
    _Rule(re.compile(r"(?<![\w.,/-])(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second>\d{1,2})(?P=sep)"
                     r"(?P<year>(?:19|20)\d\d)(?![\w/-]|[.,]\d)"), _numeric, "year"),  # 05/03/2024, 25.03.2024
    _Rule(re.compile(rf"{_START}{_DAY_CUE}{_MONTH}{_GAP}{_DAY}"), _day_in_context, "month"),  # March 18
    _Rule(re.compile(rf"{_START}{_DAY_CUE}{_DAY}{_GAP}{_MONTH}"), _day_in_context, "month"),  # 19 January
    _Rule(re.compile(rf"{_START}{_DAY_CUE}{_DAY_OF_MONTH}"), _day_in_context, "month"),  # the 3rd of May
    _Rule(re.compile(rf"{_START}{_MONTH_CUE}{_MONTH}(?!{_GAP}\d)"), _month_in_context, "month"),  # in March
    _Rule(re.compile(rf"{_START}(?i:last){_GAP}{_MONTH}(?!{_GAP}\d)"), _last_named_month, "month"),  # last October
    _Rule(re.compile(rf"{_START}(?P<which>(?i:last|this)){_GAP}(?P<unit>(?i:month|year))\b"), _last_or_this, "unit",
          needs=("last", "this")),
    _Rule(re.compile(rf"{_START}(?P<which>(?i:last|this)){_GAP}(?P<unit>(?i:week|weekend))\b"), _last_week, "unit", needs=("last", "this")),
    _Rule(re.compile(rf"{_START}(?P<when>(?i:earlier|later)){_GAP}(?i:this){_GAP}(?P<unit>(?i:week|month|year))\b"),
          _this_period, "unit", needs=("earlier", "later")),
    _Rule(re.compile(rf"{_START}(?P<qualifier>(?i:just{_GAP}over|more{_GAP}than|over|nearly|almost|about|around|some|"
                     rf"roughly){_GAP})?{_COUNT}{_GAP}(?P<unit>(?i:days?|weeks?|months?|years?)){_GAP}(?i:ago)\b"),
          _ago, "unit", needs=("ago",)),
    _Rule(re.compile(rf"{_START}(?:{_COUNT}{_GAP}(?P<unit>(?i:days?|weeks?))|(?i:the{_GAP}day)){_GAP}"
                     rf"(?P<direction>(?i:after|before|later|earlier))\b"
                     rf"|{_START}(?i:the){_GAP}(?P<direction_word>(?i:next|following|previous)){_GAP}(?i:day)\b"),
          _offset, "unit", needs=("after", "before", "later", "earlier", "next", "following", "previous")),
    _Rule(re.compile(rf"(?=\d)(?<![\w:.])(?:(?:[01]?\d|2[0-3])[:.]?[0-5]\d|(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?[^\S\n]?"
                     rf"(?i:[ap]\.?m\.?))[^\S\n]?(?:\((?:{_ZONES})\)|(?:{_ZONES})\b)"), _time_of_day, "zone"),
    _Rule(re.compile(rf"{_START}(?:(?P<cue>(?i:on|last|next|this{_GAP}coming|this|coming|every|by|until)){_GAP})?"
                     rf"(?P<weekday>{'|'.join(_WEEKDAYS)})\b"), _weekday, "weekday"),
    _Rule(re.compile(rf"{_START}(?P<word>(?i:yesterday|today))\b"), _day_word, needs=("day",)),
]
# The anchors' words, all found in one pass (a plain alternation of words,
# which re scans for quickly; an (?i:) group would make it slow): how every
# month name begins, years, weekdays, units of time.
# The pass misses a word that begins inside another it found, but no match
# holds such a word as its anchor: a match's anchor begins one of its words.
_ANCHORS = re.compile("|".join([*_MONTH_ABBREVIATIONS, "May", r"19\d\d", r"20\d\d", *_WEEKDAYS,
                               *(case(unit) for unit in ("day", "week", "month", "year") for case in (str, str.title, str.upper)),
                               *_ZONE_NAMES, "local"]))
_UNITS = ("day", "week", "month", "year")
_ANCHORED = {anchor: [rule for rule in _RULES if rule.anchor == anchor] for anchor in ("month", "year", "weekday", "unit", "zone")}
_UNANCHORED = [rule for rule in _RULES if rule.anchor is None]
# The four words before a place (or fewer), read backwards from it in the reversed text.
_WORDS_BEFORE = re.compile(r"\W+(\w+)(?:\W+(\w+)(?:\W+(\w+)(?:\W+(\w+))?)?)?")


class _Match(NamedTuple):
    """A rule's match in a text, not yet read against any reference date."""

    start: int
    end: int
    resolve: Callable[[re.Match, _Reference], _Reading | None]
    match: re.Match


def find_dates(text: str, reference: PartialDate | None, reference_inferred: bool = False) -> list[DateMention]:
    """All date expressions in text, resolved against the article's date (reference).

    Without a reference only dates written with their year are found. With an
    inferred reference (only a "not before" bound), every resolution that
    depends on it is marked doubtful.
    """
    return _read(text, _text_matches(text), reference, reference_inferred)


def sentence_dates(paragraph: str, start: int, end: int, reference: PartialDate | None,
                   reference_inferred: bool = False) -> list[DateMention]:
    """find_dates(paragraph[start:end], ...) for a sentence of paragraph, as split_sentences gives it.

    No date runs across a sentence's end (the only stop a date holds is an
    abbreviation's, "Jan.", where no sentence ends), so the paragraph's
    matches, found once for all its sentences and for latest_dates, are each
    sentence's own.
    """
    matches = _text_matches(paragraph)
    first = bisect.bisect_left(matches, start, key=_match_start)
    last = bisect.bisect_left(matches, end, key=_match_start)
    if first == last:
        return []  # most sentences
    return _read(paragraph, matches[first:last], reference, reference_inferred, offset=start)


def has_date(text: str) -> bool:
    """Whether text holds a date expression, whatever its reading (a cheap test before costly work)."""
    return bool(_text_matches(text))


def explicit_dates(text: str) -> list[PartialDate]:
    """Dates written with their year in full (no reference needed), e.g. to infer a 'not before' bound."""
    return [mention.date for mention in find_dates(text, None)]


def latest_dates(texts: list[str]) -> tuple[PartialDate | None, PartialDate | None]:
    """The latest date written with its year in texts, and the latest day written without one.

    The day's year is taken from the first date as a 'not before' bound ("on
    March 18" after "in 2024"), as find_dates(text, bound, reference_inferred=True)
    reads it. Either is None when there is none. A text is read against the
    bound only if it holds a day and month ("March 18", "18 March"), as only
    those give such days.
    """
    dates = [reading.date for text in texts for _, _, reading in _readings(_text_matches(text), None)]
    latest = max(dates, key=lambda d: d.earliest(), default=None)
    if latest is None:
        return None, None
    days = []
    for text in texts:
        matches = _text_matches(text)
        if any(match.resolve is _day_in_context for match in matches):
            days += [reading.date for _, _, reading in _readings(matches, latest, reference_inferred=True)
                     if reading.method == "year from context" and reading.date.precision == "day"]
    return latest, max(days, key=lambda d: d.earliest(), default=None)


# date_article looks at every paragraph of an article, then the extractor at
# each of its sentences: the matches of the last texts matched (a few
# articles' worth) are kept, so each paragraph is matched once.
@functools.lru_cache(maxsize=1024)
def _text_matches(text: str) -> tuple[_Match, ...]:
    """The rules' matches in text, by where they begin (at one place, in the order of the rules)."""
    return tuple(sorted(_matches(text), key=_match_start))


_match_start = operator.attrgetter("start")


def _matches(text: str) -> list[_Match]:
    """The rules' matches in text, rule by rule."""
    places: dict[str, list[int]] = {}  # anchor -> where its words are in text
    for anchor in _ANCHORS.finditer(text):
        places.setdefault(_anchor_kind(anchor.group()), []).append(anchor.start())
    lowered = text.lower()
    unanchored = [rule for rule in _UNANCHORED if any(word in lowered for word in rule.needs)]
    if not places and not unanchored:
        return []  # most sentences: no rule can match
    backwards = text[::-1]
    matches = []
    for anchor, anchor_places in places.items():
        starts = _possible_starts(backwards, anchor_places)
        for rule in _ANCHORED[anchor]:
            if rule.needs and not any(word in lowered for word in rule.needs):
                continue
            # What rule.pattern.finditer(text) finds, trying only where a match can begin.
            end = 0
            for start in starts:
                if start >= end:
                    match = rule.pattern.match(text, start)
                    if match:
                        end = match.end()
                        matches.append(_Match(start, end, rule.resolve, match))
    for rule in unanchored:
        matches += [_Match(match.start(), match.end(), rule.resolve, match) for match in rule.pattern.finditer(text)]
    return matches


def _anchor_kind(word: str) -> str:
    """Which anchor a word _ANCHORS found is."""
    if word[0].isdigit():
        return "year"
    if word in _WEEKDAYS:
        return "weekday"
    if word in _ZONE_NAMES or word == "local":
        return "zone"
    return "unit" if word.lower() in _UNITS else "month"


def _possible_starts(backwards: str, places: list[int]) -> list[int]:
    """The places (in the text backwards reverses) and the starts of the words before each, in order."""
    length = len(backwards)
    starts = set(places)
    for place in places:
        words = _WORDS_BEFORE.match(backwards, length - place)
        if words is not None:
            starts.update(length - words.end(group) for group in (1, 2, 3, 4) if words.start(group) != -1)
    return sorted(starts)


def _read(text: str, matches: list[_Match], reference: PartialDate | None,
          reference_inferred: bool = False, offset: int = 0) -> list[DateMention]:
    """The matches found in text, resolved as find_dates describes, their spans counted from offset."""
    mentions = []
    for start, end, reading in _readings(matches, reference, reference_inferred):
        written = text[start:end]
        note = f"'{' '.join(written.split())}' → {reading.date.iso()}, {reading.how}"
        mentions.append(DateMention(written, start - offset, end - offset, reading.date, reading.method, note,
                                    reading.doubtful))
    return mentions


def _readings(matches: list[_Match], reference: PartialDate | None,
              reference_inferred: bool = False) -> list[tuple[int, int, _Reading]]:
    """(start, end, reading) of each date the matches give, read against the reference."""
    if not matches:
        return []
    ref = _Reference(reference, reference_inferred)
    candidates = []
    for start, end, resolve, match in matches:
        try:
            reading = resolve(match, ref)
        except ValueError:
            reading = _IMPOSSIBLE
        if reading is not None:
            candidates.append((start, end, reading))
    kept = [candidate for candidate in _longest_without_overlap(candidates) if candidate[2] is not _IMPOSSIBLE]
    return _with_offsets_and_times(kept)


def _with_offsets_and_times(kept: list[tuple]) -> list[tuple[int, int, _Reading]]:
    """Offsets counted from the date they point to; times of day only where the text gives no day.

    "two days after March 3" is one date, March 5, spanning both; "two days
    later" counts from the last day written before it. An offset with no
    such day is no date. "14:30 GMT" is the article's day only if the text
    names no other day (else that day is the time's).
    """
    readings = []
    index = 0
    while index < len(kept):
        start, end, reading = kept[index]
        index += 1
        if isinstance(reading, _Offset):
            if reading.toward == "following":
                base = kept[index] if index < len(kept) and kept[index][0] - end <= 5 else None
                index += base is not None
            else:
                base = readings[-1] if readings else None
            if base is None or isinstance(base[2], _Offset) or base[2].date.precision != "day":
                continue
            found = base[2].date.earliest() + datetime.timedelta(days=reading.days)
            days = abs(reading.days)
            how = f"{days} day{'s' if days > 1 else ''} {'after' if reading.days > 0 else 'before'} {base[2].date.iso()}"
            reading = _Reading(PartialDate(found.year, found.month, found.day), "relative to another date",
                               how + f" ({base[2].how})", base[2].doubtful)
            end = max(end, base[1])
        readings.append((start, end, reading))
    if any(reading.method == "time of day" for _, _, reading in readings):
        days = [r for r in readings if r[2].method != "time of day" and r[2].date.precision == "day"]
        if days:
            readings = [r for r in readings if r[2].method != "time of day"]
    return readings


def _longest_without_overlap(candidates: list[tuple]) -> list[tuple]:
    """Keep the longest expressions, then the earliest, dropping any that overlap a kept one."""
    if len(candidates) < 2:
        return candidates  # the usual case: nothing can overlap
    kept, kept_starts, kept_ends = [], [], []  # in order: kept spans never overlap
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        start, end = candidate[0], candidate[1]
        after = bisect.bisect_right(kept_ends, start)  # the first kept span ending after start
        if after < len(kept) and kept_starts[after] < end:
            continue  # it overlaps that one
        kept.insert(after, candidate)
        kept_starts.insert(after, start)
        kept_ends.insert(after, end)
    return kept
