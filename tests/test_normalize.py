"""Normalization on small hand-made pastes: decoding, paragraphs, what is set apart."""
from __future__ import annotations

import pytest

from dossier.normalize import _CAPTION, _junk_kind, decode, normalize_text
from dossier.text import article_id, fold, split_sentences
from tests.support import make_article

BODY = (
    "Negotiators met in Cairo on Monday to discuss a truce.\n"
    "The talks, officials said, made \u201csome progress\u201d.\n"
)


def kinds(normalized):
    return [(item.kind, item.text) for item in normalized.set_apart]


def texts(normalized):
    return [p.text for p in normalized.paragraphs]


# --- decoding -----------------------------------------------------------------

def test_utf8_is_read_as_is():
    text, encoding, problems = decode("a.txt", "Türkiye’s İbrahim Kalın".encode("utf-8"))
    assert (text, encoding, problems) == ("Türkiye’s İbrahim Kalın", "utf-8", [])


def test_utf8_byte_order_mark_is_dropped():
    text, encoding, problems = decode("a.txt", b"\xef\xbb\xbfHamas said")
    assert text == "Hamas said" and encoding == "utf-8-sig" and problems == []


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    text, encoding, problems = decode("a.txt", bom + "Kalın met Fidan.\r\n".encode(codec))
    assert text == "Kalın met Fidan.\r\n" and encoding == "utf-16" and problems == []


def test_windows_1252_quotes_are_read_with_a_warning():
    data = "He said \u201cnothing new\u201d \u2014 again.".encode("cp1252")
    text, encoding, problems = decode("quotes.txt", data)
    assert text == "He said \u201cnothing new\u201d \u2014 again."
    assert encoding == "cp1252"
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert "quotes.txt" in str(problems[0]) and "cp1252" in problems[0].message


def test_windows_1254_turkish_letters():
    data = "Hakan Fidan ve İbrahim Kalın Ankara'da görüştü. Şimdi ağır bir süreç.".encode("cp1254")
    text, encoding, problems = decode("tr.txt", data)
    assert encoding == "cp1254"
    assert "İbrahim Kalın" in text and "Şimdi ağır" in text
    assert problems[0].severity == "warning"


def test_latin_1_when_windows_1252_cannot_be_right():
    data = "Caf\xe9 talks \x81".encode("latin-1")
    text, encoding, _ = decode("l1.txt", data)
    assert encoding == "latin-1" and text.startswith("Café")


def test_nul_byte_is_refused_with_its_line():
    text, _, problems = decode("bad.txt", b"Line one.\nLine two \x00 here.\n")
    assert text is None
    assert problems[0].severity == "error" and problems[0].line == 2
    assert "NUL" in problems[0].message


def test_binary_content_is_refused():
    data = bytes(range(1, 32)) * 50 + b"\x89PNG"
    text, _, problems = decode("image.txt", data)
    assert text is None and problems[0].severity == "error"
    assert "binary" in problems[0].message


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"   \n\t\n", "white space"),
    ("\u00a0\u2003\u3000\n\u2009".encode("utf-8"), "white space"),
])
def test_empty_and_blank_files_are_errors(data, words):
    article, problems = make_article(data, name="blank.txt")
    assert article is None
    assert problems[-1].severity == "error" and words in problems[-1].message
    assert problems[-1].file == "blank.txt"


def test_title_without_body_is_an_error():
    article, problems = make_article("Hamas answers the mediators\n\n")
    assert article is None
    assert "no body text" in problems[-1].message


# --- line endings and paragraphs ---------------------------------------------------

@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_paragraphs(newline):
    normalized = normalize_text(BODY.replace("\n", newline))
    assert texts(normalized) == BODY.strip().split("\n")


def test_paragraphs_keep_their_source_lines_and_numbers():
    normalized = normalize_text("Gaza talks resume\n\n\nFirst paragraph here.\n\nSecond one.\n")
    assert [(p.number, p.line, p.anchor) for p in normalized.paragraphs] == [(1, 4, "p1"), (2, 6, "p2")]


def test_sentences_are_never_rewritten():
    odd = "  Hamas’ “offer”  —  a  five-year truce…  "
    normalized = normalize_text("A title for the test\n" + odd + "\nNext.\n")
    assert texts(normalized)[0] == odd.strip()


# --- what is set apart -------------------------------------------------------------

def test_title_line_is_set_apart():
    normalized = normalize_text("Turkish envoy meets Hamas leaders\n" + BODY)
    assert normalized.title == "Turkish envoy meets Hamas leaders" and not normalized.title_made
    assert ("title", "Turkish envoy meets Hamas leaders") in kinds(normalized)
    assert texts(normalized) == BODY.strip().split("\n")


def test_title_is_made_from_the_lead_when_missing():
    normalized = normalize_text(BODY)
    assert normalized.title_made
    assert normalized.title == "Negotiators met in Cairo on Monday to discuss a truce"
    assert texts(normalized)[0].startswith("Negotiators met")


def test_made_title_is_cut_at_a_word_boundary():
    lead = "The U.S. envoy " + "and the mediators " * 10 + "met. Then more."
    normalized = normalize_text(lead + "\nSecond paragraph.\n")
    assert normalized.title.endswith("…") and len(normalized.title) <= 91
    assert lead.startswith(normalized.title[:-1])
    assert not normalized.title[:-1].endswith(" ")


def test_section_label_above_the_title():
    normalized = normalize_text("Policy\n\nMediators race to close the gaps\n\n" + BODY)
    assert kinds(normalized)[:2] == [("section label", "Policy"), ("title", "Mediators race to close the gaps")]


@pytest.mark.parametrize("junk", ["Show More", "Related Articles", "Back to top button", "Verified by MonsterInsights",
                                  "Share this article", "Advertisement", "Read more", "Tags: Gaza, Hamas"])
def test_page_junk_lines(junk):
    normalized = normalize_text("Mediators race to close the gaps\n" + BODY + f"\n{junk}\n")
    assert ("page junk", junk) in kinds(normalized)
    assert junk not in texts(normalized)


def test_junk_word_split_over_two_lines():
    normalized = normalize_text("Mediators race to close the gaps\n" + BODY + "\nShow Mor\nre\nRelated Articles\n")
    assert ("page junk", "Show Mor / re") in kinds(normalized)
    assert texts(normalized) == BODY.strip().split("\n")


def test_photo_captions():
    caption = "Mourners gather in Khan Younis, Gaza Strip, June 30, 2024. (Reuters Photo)"
    normalized = normalize_text("Talks stall again\n" + caption + "\n" + BODY)
    assert ("caption", caption) in kinds(normalized)
    assert caption not in texts(normalized)


def test_byline_and_date_line():
    normalized = normalize_text("Talks stall again\nBy Jane Doe\nPublished: 12 May 2025\n" + BODY)
    assert ("byline", "By Jane Doe") in kinds(normalized)
    assert ("date line", "Published: 12 May 2025") in kinds(normalized)


@pytest.mark.parametrize("prefix, dateline", [
    ("GAZA (Palestine Foundation Information Center)", "GAZA (Palestine Foundation Information Center)"),
    ("CAIRO (Reuters) - ", "CAIRO (Reuters)"),
    ("GAZA CITY, May 12 (AP) \u2014 ", "GAZA CITY, May 12 (AP)"),
    ("ANKARA: ", "ANKARA"),
])
def test_dateline_glued_to_the_first_sentence(prefix, dateline):
    normalized = normalize_text(prefix + "A senior Hamas official said talks went on.\nMore text.\n")
    assert ("dateline", dateline) in kinds(normalized)
    assert texts(normalized)[0] == "A senior Hamas official said talks went on."


def test_no_dateline_in_an_ordinary_first_sentence():
    normalized = normalize_text("US envoy Adam Boehler met Hamas.\nMore text.\n")
    assert texts(normalized)[0] == "US envoy Adam Boehler met Hamas."
    assert kinds(normalized) == []


def test_article_sentences_that_mention_junk_words_stay():
    line = "Officials said they would show more flexibility in related talks."
    normalized = normalize_text("Talks stall again\n" + line + "\n")
    assert texts(normalized) == [line]


# --- helpers ------------------------------------------------------------------------

def test_split_sentences_respects_abbreviations():
    text = "Talks began on Jan. 15, 2025. The U.S. envoy, Mr. Witkoff, left. \u201cNo,\u201d he said."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Talks began on Jan. 15, 2025.", "The U.S. envoy, Mr. Witkoff, left.", "\u201cNo,\u201d he said."]


def test_fold_keeps_length_for_spans():
    text = "İbrahim Kalın’s “plan” — Türkiye\u00a0now"
    assert len(fold(text)) == len(text)
    assert fold(text) == "Ibrahim Kalin's \"plan\" - Turkiye now"


@pytest.mark.parametrize("name, expected", [
    ("004_0acb2a411db52cd6.txt", "004_0acb2a411db52cd6"),
    ("Hamas offer – Ankara (copy).txt", "hamas-offer-ankara-copy"),
    ("Kalın görüşmesi.txt", "kalin-gorusmesi"),
])
def test_article_ids_are_readable_slugs_of_the_file_name(name, expected):
    assert article_id(name) == expected


def test_article_id_of_a_name_without_letters_is_still_stable():
    assert article_id("!!!.txt") == article_id("!!!.txt") != article_id("???.txt")
    assert article_id("!!!.txt").startswith("article-")


def test_fold_of_white_space_and_characters_beyond_the_basic_plane():
    text = "a\tb\x1c\u00a0İ\U0001F600\x7f’s"
    assert fold(text) == "a b  I\U0001F600\x7f's"
    assert fold("plain ASCII, printable.") == "plain ASCII, printable."


def test_noncharacters_are_replaced_but_emoji_kept():
    text, encoding, problems = decode("a.txt", "Talks \U0001F600 went on\U0001FFFE.\nThen \ufdd0 stopped.".encode("utf-8"))
    assert text == "Talks \U0001F600 went on\ufffd.\nThen \ufffd stopped."
    assert [(p.line, p.severity) for p in problems] == [(1, "warning")]
    assert "holds 2 invisible" in problems[0].message
    assert decode("b.txt", "Talks \U0001F600 went on.".encode("utf-8")) == ("Talks \U0001F600 went on.", "utf-8", [])


@pytest.mark.parametrize("line, is_caption", [
    ("Mourners in Gaza, June 30, 2024. (Reuters Photo)", True),
    ("(AP Photo)", True),
    ("(x) Rafah after the strikes (Photo: AP)", True),
    ("Photo credit", True),
    ("Talks went on (in Cairo) and photo ops followed.", False),
    ("A photo of the talks (not a caption) was shared widely today", False),
])
def test_captions_wherever_they_begin(line, is_caption):
    assert (_junk_kind(line) == "caption") is is_caption
    assert (_CAPTION.search(line) is not None) is is_caption


def test_split_sentences_after_doubled_stops_and_closing_quotes():
    text = "It ended in Sept.. Then talks resumed! \u201cNever.\u201d Hamas (the group) left? Yes"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "It ended in Sept..", "Then talks resumed!", "\u201cNever.\u201d", "Hamas (the group) left?", "Yes"]
