"""Stage 1: turn a pasted article into a title and numbered paragraphs.

The article's own sentences are never rewritten. Lines that are not the
article's text (title, section label, dateline, byline, captions, page junk)
are set apart and kept, so readers can see what was removed and why.
"""
from __future__ import annotations

import re

from .dates import find_dates
from .text import article_id, fold, line_at, split_sentences
from .models import Article, NormalizedText, Paragraph, Problem, RawSeed, SetApart, SourceFacts

# Bytes that Windows-1254 (Turkish) uses for Ğ İ Ş ğ ı ş where Windows-1252
# has Icelandic letters that English news text almost never contains.
_TURKISH_BYTES = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")
# Bytes undefined in Windows-1252: their presence means Latin-1 is the better guess.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Code points HTML forbids in a document although a decoder accepts them:
# C1 controls (from a wrong conversion) and the Unicode noncharacters.
_FORBIDDEN = re.compile(
    "[\x80-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# Every character _FORBIDDEN can match, as one quick class: scanning for the
# 32 noncharacters above U+FFFF one by one is slow, so _FORBIDDEN only runs on
# the rare texts this finds something in (C1 controls, emoji and the like).
_MAYBE_FORBIDDEN = re.compile("[\x80-\x9f\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")
# Letters and punctuation of European text: what a UTF-8 paste holds beyond ASCII.
_COMMON_NON_ASCII = re.compile("[\u00a0-\u02ff\u2000-\u20cf]")
_LEGACY_NAMES = {
    "cp1252": "Windows-1252 (cp1252, Western European; Latin-1 text reads the same)",
    "cp1254": "Windows-1254 (cp1254, Turkish)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}


def decode(name: str, data: bytes) -> tuple[str | None, str, list[Problem]]:
    """Raw bytes -> (text or None when unreadable, encoding used, problems)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _decode_bom(name, data, "utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_bom(name, data, "utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    problem = _control_character_problem(name, data.decode("latin-1"))
    if problem:
        return None, "binary", [problem]
    try:
        text, problems = data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        mixed = _mixed_encoding_problem(name, data)
        if mixed:
            return None, "mixed", [mixed]
        encoding, text = _decode_legacy(data)
        byte = data[error.start]
        problems = [Problem(
            name, line_at(data.decode("latin-1"), error.start),
            f"is not UTF-8 (byte 0x{byte:02X} on this line is not valid UTF-8), so it was read as "
            f"{_LEGACY_NAMES[encoding]}. Check its accented letters on the article page and re-save the file as UTF-8",
            "warning",
        )]
    return _without_forbidden(name, text, encoding, problems)


def _decode_bom(name: str, data: bytes, codec: str) -> tuple[str | None, str, list[Problem]]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        return None, codec, [Problem(name, None, f"starts like {codec.upper()} but cannot be decoded ({error.reason}); re-save it as UTF-8")]
    problem = _control_character_problem(name, text)
    if problem:
        return None, codec, [problem]
    return _without_forbidden(name, text, codec, [])


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Text that is not UTF-8 -> (codec, text): Turkish when its letters are there, else Western."""
    high = {byte for byte in data if byte >= 0x80}
    candidates = ["cp1252"]
    if high & _TURKISH_BYTES:
        candidates.insert(0, "cp1254")
    if high & _CP1252_UNDEFINED:
        candidates = []
    for codec in candidates:
        try:
            return codec, data.decode(codec)
        except UnicodeDecodeError:
            continue
    return "latin-1", data.decode("latin-1")


def _mixed_encoding_problem(name: str, data: bytes) -> Problem | None:
    """UTF-8 with some lines in another encoding: no single encoding reads it right."""
    text = data.decode("utf-8", errors="replace")
    good = len(_COMMON_NON_ASCII.findall(text))
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if good < 3 or good < bad:
        return None
    lines = sorted({line_at(text, match.start()) for match in re.finditer("\ufffd", text)})
    shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    return Problem(
        name, lines[0],
        f"mixes encodings: it is UTF-8 except for {bad} character(s) on line(s) {shown}, which are in another encoding "
        "(probably pasted from a Windows-1252 page). Retype the accented letters on those lines and save the file as UTF-8",
    )


def _without_forbidden(name: str, text: str, encoding: str, problems: list[Problem]) -> tuple[str, str, list[Problem]]:
    """C1 controls and noncharacters cannot be shown in HTML: each becomes U+FFFD, with a warning."""
    first = _FORBIDDEN.search(text) if _MAYBE_FORBIDDEN.search(text) else None
    if first is None:
        return text, encoding, problems
    count = len(_FORBIDDEN.findall(text))
    warning = Problem(
        name, line_at(text, first.start()),
        f"holds {count} invisible control or non-character code point(s) (the first, U+{ord(first.group()):04X}, on this line), "
        "left by a damaged paste or a wrong conversion; each is shown as \ufffd. Delete them from the file",
        "warning",
    )
    return _FORBIDDEN.sub("\ufffd", text), encoding, [*problems, warning]


def _control_character_problem(name: str, text: str) -> Problem | None:
    """Text never holds NUL or other control characters; binary data does."""
    first = _CONTROL_CHARS.search(text)
    if first is None:
        return None
    line = line_at(text, first.start())
    count = len(_CONTROL_CHARS.findall(text))
    if "\x00" in text:
        what = "contains a NUL byte: this is binary data or a damaged paste, not text"
        if _looks_like_utf16(text):
            what = "looks like UTF-16 without a byte-order mark (every other byte is NUL)"
    else:
        what = f"contains {count} control character(s) that text never has: binary data or a damaged paste"
    return Problem(name, line, f"{what}; re-save the article as plain UTF-8 text")


def _looks_like_utf16(text: str) -> bool:
    sample = text[:2000]
    even, odd = sample[0::2].count("\x00"), sample[1::2].count("\x00")
    return len(sample) >= 8 and max(even, odd) >= 0.9 * (len(sample) // 2) and min(even, odd) == 0


# Unicode white space plus the invisible format characters a paste can leave
# (zero-width space and joiners, word joiner, byte-order mark, soft hyphen).
_BLANK = re.compile(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]*")


def is_blank(text: str) -> bool:
    """Nothing a reader could see: white space and invisible format characters only."""
    return _BLANK.fullmatch(text) is not None


# --- lines that are not the article's text ----------------------------------

# General web-page boilerplate, matched against a whole (short) line.
_PAGE_JUNK = re.compile(
    r"(show (more|less)|read (more|next|also)|see also|related( articles| posts| news| stories| content)?|"
    r"back to top( button)?|verified by \w[\w ]*|advertisement|sponsored( content)?|"
    r"share( this( article| story)?)?( on \w+)?|print( this( article| page)?)?|e-?mail|"
    r"(facebook|twitter|x|whatsapp|telegram|linkedin|reddit)( ?[|,/] ?(facebook|twitter|x|whatsapp|telegram|linkedin|reddit|e-?mail|print))*|"
    r"skip to (main )?content|loading\.*|(click|tap) here.*|subscribe( now)?|sign up.*|"
    r"follow us( on \w+)?|all rights reserved\.?|copyright .*|© .*|tags?:.*|"
    r"(most )?(read|popular|trending)( now| stories)?|comments?( \(\d+\))?|leave a (comment|reply)|"
    r"more (from|stories)( [\w'’.&-]+){0,5}|(you may|you might) also like|recommended( for you)?|latest (news|stories))",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"(\((\w[\w .,&'/-]*\s)?(photo|photograph|image|picture|file photo|photo credit)\b[^()]*\)|"
    r"^(photo|image|picture|file photo)\s*(:|credit)|\((reuters|ap|afp|getty images|aa|epa)( photo)?(/[^)]*)?\))\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}(\s*(,|and|&|-|\|)\s*[\w .'’-]+)?$")
_DATE_LINE = re.compile(
    r"^(published|updated|posted|last updated|date)\b[\s:,-]*(on\s+)?.{4,60}$", re.IGNORECASE
)
# An upper-case place, optionally with a date and a source in parentheses:
# "GAZA CITY, May 12 (Reuters)". Glued or dashed to the first sentence
# ("CAIRO (Reuters) - Egypt said"), or a line of its own ("CAIRO").
_DATELINE_WORDS = (
    r"(?P<dateline>(?P<place>[A-Z][A-Z'’.-]+(?:[ ,/][A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\((?P<source>[^()]{2,60})\))?)"
)
_DATELINE = re.compile("^" + _DATELINE_WORDS + r"\s*(?:[-–—:]\s*)?(?=[A-Z\"“‘'])")
_DATELINE_ALONE = re.compile(_DATELINE_WORDS + r"\s*[-–—:]?")

# Web-page furniture, recognised by its shape rather than its wording.
# A text-size widget: "A- 16px A+", "− 18 px +", "Text size".
_WIDGET_PIECE = r"(?:(?:text|font)[ -]?size:?|reset|aa?|[-−–+]|\d{1,2}(?:\.\d)?\s*px|[|·])"
_TEXT_SIZE_WIDGET = re.compile(rf"{_WIDGET_PIECE}(?:\s*{_WIDGET_PIECE})*", re.IGNORECASE)
# A photo or wire credit on its own line: "SOURCE:AA", "Courtesy of X. Photo
# credit: Y/Z via Z", "Photo by Y/UPI", "REUTERS/Y", "AFP via Getty Images".
_CREDIT_LINE = re.compile(
    r"(?i:courtesy of)\s+\S.*|"
    r"(?i:source|credits?|photo(?:graph)?s?(?: credit)?|image(?: credit)?|picture)\s*(?::|(?i:by)\b)\s*\S.*|"
    r"[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3}"
    r"(?:/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?: via [A-Z][\w.&'’ -]{1,40})?| via [A-Z][\w.&'’ -]{1,40})"
)
# The same credit glued to the end of a caption: "… in Rafah. Photo by Y/UPI".
_GLUED_CREDIT = re.compile(
    r"[.!?)”\"]\s*(?:(?i:photo(?:graph)?(?: credit)?|image|credit)\s*(?::|(?i:by)\b)\s*[^.]{2,80}|"
    r"[A-Z][\w.&'’ -]{1,40}/[A-Z][\w.'’ -]{1,40}(?: via [\w.&'’ -]{2,40})?)\.?$"
)
# "Video: …", "Watch: …": a media embed's title.
_EMBED = re.compile(r"(?i:video|watch|listen|audio|podcast|gallery|in pictures|photos)\s*[:|–—]\s*\S.*")
# A teaser for another story: "Read more: …", "Related: …".
_TEASER = re.compile(r"(?i:read (?:more|next|also)|also read|see also|related(?: stories)?|more from \w+|recommended)"
                     r"\s*[:|–—]\s*\S.*")
# "More on: Israel, Hamas", or "More on:" with the tags on the lines below it.
_TAG_LIST = re.compile(r"(?i:more on|tags|topics|related topics|filed under|categories)\s*:(?P<tags>.*)")
# A caption's last words: a place and a full date ("… Gaza City, May 3, 2024.").
_ENDS_WITH_DATE = re.compile(r"(?:\b\d{1,2}(?:st|nd|rd|th)?|\b[A-Z][a-z]{2,8}\.?),? (?:19|20)\d\d[.)]*$")
# A bulleted summary line: "- Hamas answers", "• Talks resume".
_BULLET = re.compile(r"[-–—•*▪●·]\s+\S")
# What is left of a line of dates once its dates are cut out: times, zones, separators.
_DATE_LEFTOVER = re.compile(r"[\W\d_]*(?:(?:GMT|UTC|[AP]M|[ap]\.?m\.?|[A-Z]{2,4}|at)\b[\W\d_]*)*")
def _is_junk(line: str) -> bool:
    return len(line) <= 80 and _PAGE_JUNK.fullmatch(line.strip(" .:|•·-")) is not None


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not line.endswith((".", ":", ";", ","))


def _looks_like_label(line: str) -> bool:
    """A lone section name above the title, such as "Policy" or "Middle East"."""
    words = line.split()
    return 1 <= len(words) <= 3 and len(line) <= 30 and line[0].isupper() and not any(c in line for c in ".,;:!?\"")


def _split_word_rejoins(line: str, following: str) -> bool:
    """A junk phrase cut in two by the paste, such as "Show Mor" / "re".

    Pasted widgets sometimes repeat the letter at the cut, so both the plain
    join and the join without the repeated letter are tried.
    """
    if len(following) > 12 or not following[:1].islower():
        return False
    joins = [line + following]
    if line[-1:] == following[:1]:
        joins.append(line + following[1:])
    return any(_is_junk(joined) for joined in joins)


def normalize_text(text: str) -> NormalizedText:
    """Decoded article text -> title, numbered paragraphs and what was set apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    lines = [(number, line) for number, line in lines if not is_blank(line)]
    set_apart, body, credited = _set_apart_lines(lines)
    title, body = _read_head(body, credited, set_apart)

    title_made = False
    if body:
        body[0], dateline = _split_dateline(*body[0])
        if dateline:
            set_apart.append(dateline)
    if not title and body:
        title, title_made = _title_from_lead(body[0][1]), True

    paragraphs = tuple(Paragraph(n, line, source_line) for n, (source_line, line) in enumerate(body, start=1))
    return NormalizedText(title, title_made, paragraphs, tuple(sorted(set_apart, key=lambda item: item.line)))


def _set_apart_lines(lines: list[tuple[int, str]]) -> tuple[list[SetApart], list[tuple[int, str]], set[int]]:
    """Lines -> (those set apart one by one, the rest, the lines of the rest that a credit line follows)."""
    set_apart: list[SetApart] = []
    body: list[tuple[int, str]] = []
    credited: set[int] = set()  # a line just above a photo credit may be its caption
    in_tag_list = False
    index = 0
    while index < len(lines):
        number, line = lines[index]
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if _split_word_rejoins(line, following):
            set_apart.append(SetApart("page junk", f"{line} / {following}", number))
            index += 2
            continue
        kind = _junk_kind(line)
        if kind is None and in_tag_list and _looks_like_tag(line):
            kind = "page junk"
        tag_list = _TAG_LIST.fullmatch(line) if kind == "page junk" and len(line) <= 200 else None
        in_tag_list = (in_tag_list or tag_list is not None and not tag_list["tags"].strip()) and kind == "page junk"
        if kind:
            set_apart.append(SetApart(kind, line, number))
            if _is_bare_credit(kind, line) and body and body[-1][0] == lines[index - 1][0]:
                credited.add(body[-1][0])
        else:
            body.append((number, line))
        index += 1
    return set_apart, body, credited


def _read_head(body: list[tuple[int, str]], credited: set[int], set_apart: list[SetApart]) -> tuple[str, list[tuple[int, str]]]:
    """The title among the lines above the first paragraph of prose, and the body without them.

    Above the article's first sentence a paste holds, in some order, a
    section label or kicker, the headline (sometimes twice), a bulleted
    summary, a photo caption and an upper-case dateline: each is told by its
    shape and set apart (into set_apart); a standfirst below the headline stays.
    """
    # Captions written as sentences: above a photo credit, or above the
    # headline and ending with a date. Neither is the article's first paragraph.
    first_prose = next((i for i, (number, line) in enumerate(body)
                        if _is_prose(line) and number not in credited), len(body))
    captions = [(number, line) for i, (number, line) in enumerate(body) if number in credited and (
        _ends_with_date(line) or i < first_prose and line.endswith("."))]
    while (len(body) >= 3 and _is_prose(body[0][1]) and _looks_like_headline(body[1][1]) and _is_prose(body[2][1])
           and _ends_with_date(body[0][1])):
        captions.append(body[0])
        body = body[1:]
    set_apart += [SetApart("caption", line, number) for number, line in captions]
    body = [item for item in body if item not in captions]
    end = next((i for i, (_, line) in enumerate(body) if _is_prose(line)), None)
    if end is None:
        end = min(len(body), 2)  # no prose: at most a title and one more line
    head, rest = body[:end], body[end:]
    headlines = [line for _, line in head if _looks_like_title(line) and not _BULLET.match(line)]
    kept: list[tuple[int, str]] = []
    for position, (number, line) in enumerate(head):
        kind = _head_kind(line, position == end - 1 and bool(rest), bool(kept),
                          number in credited, len(headlines) > 1, kept)
        if kind:
            set_apart.append(SetApart(kind, line, number))
        else:
            kept.append((number, line))
    # Section labels and kickers above the headline, one or several ("World" / "Exclusive:").
    while len(kept) >= 2 and len(kept) + len(rest) >= 3:
        headline = next((line for _, line in kept[1:] if _looks_like_title(line)), None)
        if headline is None:
            break
        if _looks_like_label(kept[0][1]):
            kind = "section label"
        elif _is_kicker(kept[0][1], headline):
            kind = "kicker"
        else:
            break
        set_apart.append(SetApart(kind, kept[0][1], kept[0][0]))
        kept = kept[1:]
    title = ""
    if kept and _looks_like_title(kept[0][1]):
        title = kept[0][1]
        set_apart.append(SetApart("title", title, kept[0][0]))
        kept = kept[1:]
        # The headline pasted again below the byline or the picture.
        repeated = [item for item in kept if _same_words(item[1], title)]
        set_apart += [SetApart("repeated title", line, number) for number, line in repeated]
        kept = [item for item in kept if item not in repeated]
    return title, kept + rest


def _head_kind(line: str, last: bool, after_kept: bool, credited: bool, several_headlines: bool,
               kept: list[tuple[int, str]]) -> str | None:
    """What a line above the first paragraph is, when it is not the headline or a standfirst."""
    if _BULLET.match(line):
        return "summary"
    if (last or after_kept) and _is_dateline_alone(line):
        return "dateline"
    if any(_same_words(line, other) for _, other in kept):
        return "repeated title"
    if several_headlines and (credited or _ends_with_date(line)):
        return "caption"
    if credited and line.endswith("."):
        return "caption"
    return None


def _is_prose(line: str) -> bool:
    """A line of the article's sentences, as opposed to a headline, label or list item."""
    return not _looks_like_title(line) and len(line.split()) >= 2 and not line.endswith(":") \
        and not _BULLET.match(line) and not _is_dateline_alone(line)


def _looks_like_headline(line: str) -> bool:
    return _looks_like_title(line) and len(line.split()) >= 4


def _is_kicker(line: str, headline: str) -> bool:
    """A short teaser above the headline ("Gaza talks", "EXCLUSIVE:"), much shorter than it."""
    words, headline_words = len(line.split()), len(headline.split())
    return words <= 4 and headline_words >= 5 and headline_words >= 2 * words and \
        (_looks_like_title(line) or line.endswith(":"))


def _is_dateline_alone(line: str) -> bool:
    """An upper-case place on a line of its own: "CAIRO", "GAZA CITY (AP) -"."""
    if len(line) > 80 or not line[:1].isupper():
        return False
    match = _DATELINE_ALONE.fullmatch(line)
    return match is not None and match["place"].isupper() and \
        any(len(word) >= 3 for word in re.split(r"[ ,/]", match["place"]))


def _same_words(line: str, other: str) -> bool:
    return fold(line).casefold().split() == fold(other).casefold().split()


def _ends_with_date(line: str) -> bool:
    return _ENDS_WITH_DATE.search(line, max(0, len(line) - 24)) is not None


def _looks_like_tag(line: str) -> bool:
    """An item of a tag list: a few words, no sentence."""
    return len(line) <= 40 and len(line.split()) <= 4 and not line.endswith((".", "!", "?", ",", ";"))


def _is_bare_credit(kind: str, line: str) -> bool:
    """A line that is only a photo credit, so that the line above it may be its caption."""
    if kind not in ("credit", "caption") or line[:6].lower().startswith("source"):
        return False
    return _CAPTION.match(line) is not None or _CREDIT_LINE.fullmatch(line) is not None


def _junk_kind(line: str) -> str | None:
    length = len(line)
    if _is_junk(line):
        return "page junk"
    if length <= 400 and (_is_caption(line) or _has_glued_credit(line)):
        return "caption"
    if length <= 80 and _BYLINE.match(line):
        return "byline"
    if length <= 80 and any(ch.isdigit() for ch in line) and (_DATE_LINE.match(line) or _is_date_only(line)):
        return "date line"
    if length <= 200 and (_CREDIT_LINE.fullmatch(line) and not _is_prose_sentence(line)):
        return "credit"
    if length <= 200 and (_EMBED.match(line) or _TEASER.match(line) or _TAG_LIST.fullmatch(line)):
        return "page junk"
    if length <= 40 and ("px" in line or length <= 12) and _TEXT_SIZE_WIDGET.fullmatch(line):
        return "page junk"
    return None


def _is_prose_sentence(line: str) -> bool:
    """A credit's wording that is really a sentence: "Source: officials said the talks …"."""
    return len(line.split()) > 20


def _has_glued_credit(line: str) -> bool:
    """A caption ending with its photo credit: "… in Rafah. Photo by Y/UPI"."""
    tail = line[-170:]
    if "/" not in tail and "hoto" not in tail and "redit" not in tail:
        return False
    return _GLUED_CREDIT.search(line, max(0, len(line) - 170)) is not None


def _is_date_only(line: str) -> bool:
    """A line that holds nothing but a date (and a time): "Tuesday, May 3, 2024 | 14:30 GMT"."""
    if len(line) > 60:
        return False
    mentions = find_dates(line, None)
    if not mentions:
        return False
    rest = "".join(line[start:end] for start, end in _gaps(mentions, len(line)))
    return _DATE_LEFTOVER.fullmatch(rest) is not None


def _gaps(mentions, length: int) -> list[tuple[int, int]]:
    """The spans of a text between the given mentions."""
    edges = [0] + [edge for mention in mentions for edge in (mention.start, mention.end)] + [length]
    return list(zip(edges[::2], edges[1::2]))


def _is_caption(line: str) -> bool:
    """_CAPTION.search(line), without trying the positions where no caption can begin.

    A caption either begins the line ("Photo: ...") or is in parentheses, so
    past the line's start only the text from the next "(" on needs a look.
    """
    if _CAPTION.match(line):
        return True
    parenthesis = line.find("(", 1)
    return parenthesis != -1 and _CAPTION.search(line, parenthesis) is not None


def _split_dateline(line_number: int, line: str) -> tuple[tuple[int, str], SetApart | None]:
    match = _DATELINE.match(line)
    if not match or len(match.group("dateline")) < 3 or match.end() >= len(line):
        return (line_number, line), None
    place = match.group("place")
    if not any(len(word) >= 3 for word in re.split(r"[ ,/]", place)) or not place.isupper():
        return (line_number, line), None
    return (line_number, line[match.end():]), SetApart("dateline", match.group("dateline").strip(), line_number)


def dateline_source(set_apart: tuple[SetApart, ...]) -> str | None:
    """The credited source in a dateline such as "GAZA (Palestine Foundation Information Center)"."""
    for item in set_apart:
        if item.kind == "dateline":
            match = re.search(r"\(([^()]+)\)", item.text)
            if match:
                return match.group(1).strip()
    return None


def _title_from_lead(lead: str, limit: int = 90) -> str:
    """The lead's first sentence, cut at a word boundary when too long."""
    spans = split_sentences(lead)
    first = lead[spans[0][0]:spans[0][1]] if spans else lead
    first = first.rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def normalize_seed(seed: RawSeed, facts: SourceFacts) -> tuple[Article | None, list[Problem]]:
    """One raw seed -> its Article (None when it cannot be used) and the problems found."""
    text, encoding, problems = decode(seed.name, seed.data)
    if text is None:
        return None, problems
    if not seed.data:
        return None, [Problem(seed.name, None, "is empty (0 bytes); paste the article's text into it or remove it")]
    if is_blank(text):
        return None, [*problems, Problem(seed.name, None, "holds only white space (or invisible characters); paste the article's text into it or remove it")]
    normalized = normalize_text(text)
    if not normalized.paragraphs:
        line = next((item.line for item in normalized.set_apart if item.kind == "title"), None)
        what = f"has a title ('{normalized.title}') but no body text" if normalized.title else "has no body text, only lines set apart as page junk"
        return None, [*problems, Problem(seed.name, line, f"{what}; paste the rest of the article")]
    article = Article(id=article_id(seed.name), source_file=seed.name, encoding=encoding, text=normalized, facts=facts)
    return article, problems
