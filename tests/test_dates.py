"""Date expressions: what counts as a date, and how each is resolved."""
import datetime
import random

import pytest

from dossier import dates as dates_module
from dossier.dates import DateMention, PartialDate, explicit_dates, find_dates, latest_dates, sentence_dates
from dossier.text import split_sentences

# A Monday, so the weekday arithmetic below is easy to check by hand.
MONDAY = PartialDate(2025, 5, 12)


def only(text, reference=MONDAY, inferred=False) -> DateMention:
    """The single mention in text; fails if there are none or several."""
    mentions = find_dates(text, reference, inferred)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert text[mention.start:mention.end] == mention.text
    return mention


# PartialDate


@pytest.mark.parametrize("iso, precision, earliest", [
    ("2025-03-18", "day", datetime.date(2025, 3, 18)),
    ("2025-03", "month", datetime.date(2025, 3, 1)),
    ("2025", "year", datetime.date(2025, 1, 1)),
    ("2024-02-29", "day", datetime.date(2024, 2, 29)),
])
def test_partial_date_parse_iso_round_trip(iso, precision, earliest):
    date = PartialDate.parse(iso)
    assert date.iso() == iso
    assert date.precision == precision
    assert date.earliest() == earliest
    assert PartialDate.parse(date.iso()) == date


@pytest.mark.parametrize("text", ["", "2025-3-18", "18 March 2025", "2025-02-30", "2025-13", "2025/03/18", " 2025"])
def test_partial_date_parse_rejects_non_dates(text):
    with pytest.raises(ValueError, match="date"):
        PartialDate.parse(text)


def test_partial_date_rejects_impossible_fields():
    with pytest.raises(ValueError):
        PartialDate(2025, 2, 29)
    with pytest.raises(ValueError):
        PartialDate(2025, None, 5)


def test_partial_date_ordering_mixes_precisions():
    dates = [PartialDate(2025, 3, 18), PartialDate(2024), PartialDate(2025, 3), PartialDate(2025),
             PartialDate(2025, 1, 31), PartialDate(2024, 12)]
    assert [d.iso() for d in sorted(dates)] == ["2024", "2024-12", "2025", "2025-01-31", "2025-03", "2025-03-18"]
    assert PartialDate(2025, 3) < PartialDate(2025, 3, 1)
    assert PartialDate(2025, 3, 1) >= PartialDate(2025, 3)
    assert max(dates) == PartialDate(2025, 3, 18)


# Absolute dates


@pytest.mark.parametrize("sentence, written, iso, precision", [
    ("The deal was signed Jan. 15, 2025 in Doha.", "Jan. 15, 2025", "2025-01-15", "day"),
    ("The deal was signed January 15, 2025 in Doha.", "January 15, 2025", "2025-01-15", "day"),
    ("Figures as of June 30, 2024 show the toll.", "June 30, 2024", "2024-06-30", "day"),
    ("Strikes resumed 18 March 2025, officials said.", "18 March 2025", "2025-03-18", "day"),
    ("The attack of 7 October 2023 began the war.", "7 October 2023", "2023-10-07", "day"),
    ("It was agreed on March 18th, 2025.", "on March 18th, 2025", "2025-03-18", "day"),
    ("Talks began on Sunday, March 16, 2025 in Cairo.", "on Sunday, March 16, 2025", "2025-03-16", "day"),
    ("Aid stopped in March 2025 entirely.", "in March 2025", "2025-03", "month"),
    ("Aid stopped March 2025 entirely.", "March 2025", "2025-03", "month"),
    ("The plan dates from May 2024.", "from May 2024", "2024-05", "month"),
    ("Published 2025-03-18 at noon.", "2025-03-18", "2025-03-18", "day"),
])
def test_absolute_dates(sentence, written, iso, precision):
    mention = only(sentence)
    assert (mention.text, mention.date.iso(), mention.date.precision) == (written, iso, precision)
    assert mention.method == "absolute"
    assert mention.note == f"'{written}' → {iso}, as written"


@pytest.mark.parametrize("word", ["in", "since", "of", "by", "until", "In"])
def test_year_after_preposition(word):
    sentence = f"The blockade has tightened {word} 2024, aid groups say."
    mention = only(sentence)
    assert mention.text == f"{word} 2024"
    assert mention.start == sentence.index(word + " 2024")
    assert (mention.date, mention.date.precision, mention.method) == (PartialDate(2024), "year", "absolute")


@pytest.mark.parametrize("sentence", [
    "At least 37,834 people have been killed.",
    "Some 172,000 tonnes of aid and 14,000 trucks waited.",
    "Israel should return to the 1967 borders.",
    "In 2,025 homes the power was cut.",
    "By 20245 votes the motion passed.",
    "He counted 2025 people in the square.",
    "Casualties rose in 1990s conflicts.",
    "The budget grew in 2024.5 terms.",
])
def test_numbers_are_not_years(sentence):
    assert find_dates(sentence, MONDAY) == []


@pytest.mark.parametrize("abbreviation, month", [
    ("Jan", 1), ("Feb", 2), ("Mar", 3), ("Apr", 4), ("Jun", 6), ("Jul", 7),
    ("Aug", 8), ("Sep", 9), ("Sept", 9), ("Oct", 10), ("Nov", 11), ("Dec", 12),
])
@pytest.mark.parametrize("period", [".", ""])
def test_month_abbreviations(abbreviation, month, period):
    written = f"{abbreviation}{period} 3, 2024"
    mention = only(f"It happened on {written} at dawn.")
    assert mention.text == f"on {written}"
    assert mention.date == PartialDate(2024, month, 3)


def test_sept_with_day_only():
    mention = only("Fighting stopped on Sept. 3 near the border.", reference=PartialDate(2025, 9, 20))
    assert (mention.text, mention.date, mention.method) == ("on Sept. 3", PartialDate(2025, 9, 3), "year from context")


@pytest.mark.parametrize("sentence", [
    "Talks may resume next week.",
    "May the talks succeed, he said.",
    "May officials confirmed nothing.",
    "Negotiators MAY return.",
    "Troops may march on the city.",
    "Jan Egeland said aid may March north.",
])
def test_may_and_march_as_verbs_are_not_dates(sentence):
    assert find_dates(sentence, MONDAY) == []


@pytest.mark.parametrize("sentence, written, iso", [
    ("The truce collapsed in May.", "in May", "2025-05"),
    ("No aid has entered since May.", "since May", "2025-05"),
    ("Fighting eased in mid-May.", "in mid-May", "2025-05"),
    ("Fighting eased mid-May.", "mid-May", "2025-05"),
    ("It was signed May 5 in Cairo.", "May 5", "2025-05-05"),
    ("It was signed 5 May in Cairo.", "5 May", "2025-05-05"),
    ("It was signed 5 May 2024 in Cairo.", "5 May 2024", "2024-05-05"),
    ("The offer of last May still stands.", "last May", "2024-05"),
])
def test_may_as_a_month(sentence, written, iso):
    mention = only(sentence)
    assert (mention.text, mention.date.iso()) == (written, iso)


def test_may_needs_a_listed_cue():
    assert find_dates("The vote was delayed by May and her cabinet.", MONDAY) == []


# Partial dates: year from the article's date


@pytest.mark.parametrize("sentence, written, iso", [
    ("Strikes resumed March 18, killing hundreds.", "March 18", "2025-03-18"),
    ("Strikes resumed on March 1, killing hundreds.", "on March 1", "2025-03-01"),
    ("The ceasefire began 19 January after talks.", "19 January", "2025-01-19"),
    ("Hostages were freed December 20 in Gaza.", "December 20", "2024-12-20"),
    ("The next round opens May 16 in Doha.", "May 16", "2025-05-16"),  # within a week ahead
])
def test_day_and_month_take_the_year_from_the_article(sentence, written, iso):
    mention = only(sentence)
    assert (mention.text, mention.date.iso(), mention.date.precision) == (written, iso, "day")
    assert mention.method == "year from context"
    assert mention.note == f"'{written}' → {iso}, year from the article's date 2025-05-12"
    assert not mention.doubtful


@pytest.mark.parametrize("reference, written, iso", [
    (PartialDate(2025, 1, 10), "December 20", "2024-12-20"),
    (PartialDate(2024, 12, 28), "January 2", "2025-01-02"),
    (PartialDate(2025, 1), "December 20", "2024-12-20"),
])
def test_year_rollover(reference, written, iso):
    assert only(f"Talks began {written} in Cairo.", reference=reference).date.iso() == iso


def test_leap_day_goes_back_to_a_leap_year():
    mention = only("It was agreed on February 29 in Paris.")
    assert (mention.date, mention.method) == (PartialDate(2024, 2, 29), "year from context")
    assert only("It was agreed on February 29, 2024.").date == PartialDate(2024, 2, 29)
    assert find_dates("It was agreed on February 29, 2025.", MONDAY) == []


@pytest.mark.parametrize("sentence, iso", [
    ("the October 7 attack", "2024-10-07"),
    ("The exchange took place May 20 in Doha.", "2024-05-20"),  # over a week ahead: last year's
])
def test_partial_date_far_before_the_article_is_doubtful(sentence, iso):
    mention = only(sentence)
    assert (mention.date.iso(), mention.method) == (iso, "year from context")
    assert mention.doubtful
    assert "year is uncertain" in mention.note


@pytest.mark.parametrize("sentence, written, iso", [
    ("Aid stopped entirely in March.", "in March", "2025-03"),
    ("Aid stopped entirely in early March.", "in early March", "2025-03"),
    ("Aid stopped entirely late March.", "late March", "2025-03"),
    ("Aid stopped entirely mid-March.", "mid-March", "2025-03"),
    ("Aid stopped entirely mid March.", "mid March", "2025-03"),
    ("The siege has lasted since December.", "since December", "2024-12"),
])
def test_month_takes_the_year_from_the_article(sentence, written, iso):
    mention = only(sentence)
    assert (mention.text, mention.date.iso(), mention.date.precision) == (written, iso, "month")
    assert mention.method == "year from context"
    assert not mention.doubtful


def test_month_with_year_only_reference_is_doubtful():
    mention = only("Aid stopped in March.", reference=PartialDate(2025))
    assert mention.date == PartialDate(2025, 3)
    assert mention.doubtful
    assert "known only to the year" in mention.note


@pytest.mark.parametrize("reference, iso", [
    (MONDAY, "2024-10"),
    (PartialDate(2025, 11, 3), "2025-10"),
    (PartialDate(2025, 10, 3), "2024-10"),  # strictly before the article's month
    (PartialDate(2025, 10), "2024-10"),
])
def test_last_named_month(reference, iso):
    mention = only("The offensive of last October reshaped the war.", reference=reference)
    assert (mention.text, mention.date.iso(), mention.date.precision) == ("last October", iso, "month")
    assert mention.method == "relative month"


# Weekdays


@pytest.mark.parametrize("sentence, written, iso", [
    ("Strikes hit Rafah on Sunday, officials said.", "on Sunday", "2025-05-11"),
    ("Strikes hit Rafah Sunday, officials said.", "Sunday", "2025-05-11"),
    ("Strikes hit Rafah on Saturday, officials said.", "on Saturday", "2025-05-10"),
    ("Strikes hit Rafah Tuesday, officials said.", "Tuesday", "2025-05-06"),
    ("Strikes hit Rafah last Sunday, officials said.", "last Sunday", "2025-05-11"),
    ("On Friday, strikes hit Rafah.", "On Friday", "2025-05-09"),
])
def test_weekday_is_the_latest_such_day(sentence, written, iso):
    mention = only(sentence)
    assert (mention.text, mention.date.iso(), mention.date.precision) == (written, iso, "day")
    assert mention.method == "relative weekday"
    assert mention.start == sentence.index(written)


@pytest.mark.parametrize("written, iso", [
    ("on Monday", "2025-05-12"),  # the article's own day
    ("Monday", "2025-05-12"),
    ("last Monday", "2025-05-05"),  # strictly before: a week earlier
])
def test_weekday_equal_to_the_reference_weekday(written, iso):
    assert only(f"Talks resumed {written} in Cairo.").date.iso() == iso


@pytest.mark.parametrize("reference", [PartialDate(2025, 5), PartialDate(2025), None])
def test_weekday_needs_a_day_reference(reference):
    assert find_dates("Strikes hit Rafah on Sunday and yesterday.", reference) == []


@pytest.mark.parametrize("sentence", [
    "Protests are held every Friday.",
    "Hamas must answer by Friday.",
    "Strikes hit Rafah on sunday.",
])
def test_lowercase_and_undated_weekdays_are_not_dates(sentence):
    assert find_dates(sentence, MONDAY) == []


@pytest.mark.parametrize("written, iso, doubtful", [
    ("this Sunday", "2025-05-18", False),  # the article's week, Monday to Sunday
    ("this coming Friday", "2025-05-16", False),
    ("next Sunday", "2025-05-18", True),  # the first after the article, in its week: maybe a week later
    ("next Monday", "2025-05-19", False),
])
def test_forward_weekdays(written, iso, doubtful):
    mention = only(f"Talks resume {written} in Cairo.")
    assert (mention.text, mention.date.iso(), mention.doubtful) == (written, iso, doubtful)


# Other relative expressions


@pytest.mark.parametrize("sentence, written, iso, method", [
    ("Prices rose last month.", "last month", "2025-04", "relative month"),
    ("Last month, prices rose.", "Last month", "2025-04", "relative month"),
    ("Prices rose this month.", "this month", "2025-05", "relative month"),
    ("Prices rose last year.", "last year", "2024", "relative year"),
    ("Since last year's offensive, prices rose.", "last year", "2024", "relative year"),
    ("Since last year’s offensive, prices rose.", "last year", "2024", "relative year"),
    ("Prices rose yesterday.", "yesterday", "2025-05-11", "relative day"),
    ("Today, prices rose again.", "Today", "2025-05-12", "relative day"),
])
def test_relative_expressions(sentence, written, iso, method):
    mention = only(sentence)
    assert (mention.text, mention.date.iso(), mention.method) == (written, iso, method)
    assert mention.start == sentence.index(written)


def test_last_month_in_january_is_december():
    assert only("Prices rose last month.", reference=PartialDate(2025, 1, 8)).date == PartialDate(2024, 12)


@pytest.mark.parametrize("sentence", [
    "Aid is expected in the coming days.",
    "Strikes intensified in recent days.",
    "The talks lasted several days.",
    "The siege has lasted ten weeks.",
    "Officials said this was the worst week of the war.",
])
def test_vague_time_phrases_are_not_dates(sentence):
    assert find_dates(sentence, MONDAY) == []


# Inferred references and doubt


def test_inferred_reference_makes_relative_dates_doubtful():
    bound = PartialDate(2025, 3, 18)
    text = "Strikes hit Rafah on Sunday, after talks on March 2 and the deal of Jan. 15, 2025."
    sunday, march, january = find_dates(text, bound, reference_inferred=True)
    assert sunday.date == PartialDate(2025, 3, 16)
    assert sunday.doubtful
    assert sunday.note == "'on Sunday' → 2025-03-16, from the article's inferred date, not before 2025-03-18"
    assert march.doubtful and march.method == "year from context"
    assert march.note == "'on March 2' → 2025-03-02, year from the article's inferred date, not before 2025-03-18"
    assert not january.doubtful and january.method == "absolute"


def test_stated_reference_is_not_doubtful():
    mention = only("Strikes hit Rafah on Sunday.")
    assert not mention.doubtful
    assert mention.note == "'on Sunday' → 2025-05-11, from the article's date 2025-05-12"


# Spans, overlaps and odd input


def test_mentions_are_sorted_non_overlapping_and_longest():
    text = "After Jan. 15, 2025, talks stalled; on Sunday and in March fighting grew, as in 2024."
    mentions = find_dates(text, MONDAY)
    assert [m.text for m in mentions] == ["Jan. 15, 2025", "on Sunday", "in March", "in 2024"]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
    for earlier, later in zip(mentions, mentions[1:]):
        assert earlier.end <= later.start


@pytest.mark.parametrize("sentence", [
    "The deal of February 30, 2025 never existed.",
    "The deal of 30 February 2025 never existed.",
    "The deal of April 31 never existed.",
    "The deal of 2025-02-30 never existed.",
])
def test_impossible_dates_are_skipped(sentence):
    assert find_dates(sentence, MONDAY) == []


def test_unicode_spaces_quotes_and_dashes():
    text = "\u201cOn\u00a018\u00a0March\u00a02025\u201d \u2014 strikes resumed\u2014last\u00a0month, \u2018on Sunday\u2019."
    mentions = find_dates(text, MONDAY)
    assert [(m.date.iso(), m.method) for m in mentions] == [
        ("2025-03-18", "absolute"), ("2025-04", "relative month"), ("2025-05-11", "relative weekday")]
    assert mentions[0].text == "On\u00a018\u00a0March\u00a02025"
    assert mentions[0].note == "'On 18 March 2025' → 2025-03-18, as written"
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text


def test_a_date_does_not_run_across_lines():
    assert [m.text for m in find_dates("in March\n2025 people", MONDAY)] == ["in March"]


def test_text_without_dates():
    assert find_dates("Negotiators met again and may meet once more, officials said.", MONDAY) == []
    assert find_dates("", MONDAY) == []


# Without a reference


def test_without_reference_only_dates_with_their_year():
    text = "On Sunday, March 18 and last month, after Jan. 15, 2025 and in 2024."
    assert [(m.text, m.method) for m in find_dates(text, None)] == [
        ("Jan. 15, 2025", "absolute"), ("in 2024", "absolute")]


def test_explicit_dates():
    text = "Published March 18, 2025. Strikes on Sunday followed the truce of 19 January and talks in 2024."
    assert explicit_dates(text) == [PartialDate(2025, 3, 18), PartialDate(2024)]
    assert explicit_dates("No dates here, only 37,834 people.") == []


# Where the rules are tried: only near a month name, a year or a weekday,
# which must find exactly what trying every rule at every position finds.


def _find_dates_everywhere(text, reference, inferred=False):
    """find_dates with every rule tried at every position of text: slow, but plainly right."""
    matches = [dates_module._Match(m.start(), m.end(), rule.resolve, m)
               for rule in dates_module._RULES for m in rule.pattern.finditer(text)]
    return dates_module._read(text, matches, reference, inferred)


TRICKY_TEXTS = [
    "On Monday, 15th March 2025 and on\u00a0Tuesday,\tMarch 18, talks resumed.",
    "by  mid-March, in early-2024, since late 2023, until Sept. 5 and last October.",
    "XMarch 5, March_5, _March 2024_, Marathon runners, the Mayor in May, Omar's 2020-01-01x.",
    "Jan.. 15, Sept. 2024, 1st May, 31st June, February 30, 2025 and 29 February 2024.",
    "It was 2025-03-18, then 12025 people and 37,834 more; 20255 and 2024.5 are not years.",
    "This month and LAST YEAR, yesterday and Today, every Sunday, next Friday, on Saturday.",
    "In\n2024 and March\n18, across lines; (March 3) [in 2022] \u201cby May 2\u201d.",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
@pytest.mark.parametrize("reference, inferred", [(MONDAY, False), (MONDAY, True), (PartialDate(2024), False), (None, False)])
def test_dates_near_anchors_are_all_the_dates(text, reference, inferred):
    assert find_dates(text, reference, inferred) == _find_dates_everywhere(text, reference, inferred)


RANDOM_WORDS = ("January March May Sept. Jan. Dec 15 1st 31 2024 2025-03-18 1999 on On by in since mid early- "
                "late last this Last month year Monday Sunday, yesterday today every next the Hamas , . - ( ) \u201c").split()
RANDOM_GAPS = [" ", " ", "  ", "\u00a0", "\t", "\n", "", ", ", ". "]


def _random_text(rng, words=RANDOM_WORDS, gaps=RANDOM_GAPS, longest=14):
    return "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, longest)))


def test_dates_near_anchors_on_random_text():
    rng = random.Random(7)
    for _ in range(1500):
        text = _random_text(rng)
        assert find_dates(text, MONDAY) == _find_dates_everywhere(text, MONDAY), text
        assert explicit_dates(text) == [m.date for m in _find_dates_everywhere(text, None)], text


# A paragraph is matched once for all its sentences and for latest_dates:
# each must get what it would get matched alone.


def test_sentence_dates_are_those_of_the_sentence_alone():
    words = RANDOM_WORDS + ["Talks", "It", "U.S.", "Dec.", "Sept.", "Jan..", "Hamas.", "2024.", "March!", "May?",
                            "said.\u201d", "(March", "5).", "Mr.", "Sunday."]
    gaps = [" ", " ", ". ", ".. ", "! ", "? ", ".\u201d ", ".) ", ", ", "\u00a0", "-"]
    rng = random.Random(11)
    for _ in range(1500):
        paragraph = _random_text(rng, words, gaps, longest=20).strip()
        for start, end in split_sentences(paragraph):
            sentence = paragraph[start:end]
            for reference, inferred in ((MONDAY, False), (MONDAY, True), (None, False)):
                assert sentence_dates(paragraph, start, end, reference, inferred) == \
                    find_dates(sentence, reference, inferred), (paragraph, sentence)


def test_latest_dates_on_random_texts():
    """latest_dates as its docstring defines it, with find_dates."""
    rng = random.Random(5)
    for _ in range(500):
        texts = [_random_text(rng) for _ in range(rng.randint(1, 4))]
        dates = [m.date for text in texts for m in find_dates(text, None)]
        latest = max(dates, key=lambda d: d.earliest(), default=None)
        days = [m.date for text in texts for m in find_dates(text, latest, reference_inferred=True)
                if m.method == "year from context" and m.date.precision == "day"] if latest else []
        assert latest_dates(texts) == (latest, max(days, key=lambda d: d.earliest(), default=None)), texts


def test_latest_dates_are_the_bound_and_the_day_after_it():
    texts = ["Talks began on Jan. 15, 2025 and in 2024.", "On March 18 strikes resumed.", "Mid-March, no day.",
             "On 19 March officials met.", "No date at all."]
    latest, later = latest_dates(texts)
    assert latest == PartialDate(2025, 1, 15)
    assert later == PartialDate(2025, 3, 19)
    days = [m.date for text in texts for m in find_dates(text, latest, reference_inferred=True)
            if m.method == "year from context" and m.date.precision == "day"]
    assert later == max(days, key=lambda d: d.earliest())


def test_latest_dates_without_a_full_date():
    assert latest_dates(["On March 18 strikes resumed.", "Last month, talks."]) == (None, None)
    assert latest_dates(["In 2024 talks failed."]) == (PartialDate(2024), None)
