"""Bad input: every case has a defined, tested outcome.

Readable inputs are read (a legacy encoding with a warning naming the file and
the encoding chosen); unreadable ones are errors. Every message names the file
(and the line where there is one) and says what is wrong and what to do; all
problems are reported together. By default any error fails the build and the
previous output stays exactly as it was; --keep-going builds the rest and lists
what it skipped.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.models import Problem, RawSeed
from dossier.pipeline import BuildFailed
from dossier.read import read_seeds, read_source_facts
from tests.support import build_site, make_article, write_seeds

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

GOOD = (
    "Türkiye urges Hamas to accept the Cairo truce plan\n"
    "\n"
    "ANKARA - Türkiye’s intelligence chief İbrahim Kalın met Hamas officials on Sunday and urged them "
    "to answer the mediators’ “final” proposal.\n"
    "\n"
    "Egypt and Qatar said the talks in Cairo would resume next week.\n"
)
GOOD_PARAGRAPHS = [
    "Türkiye’s intelligence chief İbrahim Kalın met Hamas officials on Sunday and urged them "
    "to answer the mediators’ “final” proposal.",
    "Egypt and Qatar said the talks in Cairo would resume next week.",
]
# Texts for each legacy encoding, using only letters that encoding has.
CP1252_TEXT = (
    "Mediators’ “final” offer — café talks in Doha\n\n"
    "Qatar’s envoy said the “final” text was ready — and Hamas would answer soon. Señor Müller agreed.\n"
)
CP1254_TEXT = (
    "Türkiye’s Kalın meets Hamas in Ankara\n\n"
    "İbrahim Kalın and Hakan Fidan met Hamas officials in Ankara; Erdoğan’s aide said “şartlar ağır” — talks go on.\n"
)
LATIN1_TEXT = (
    "Café talks in Doha resume\n\n"
    "The café talks, the Qatari señor said, went well: «très bien», Müller added.\n"
)


def binary_blob(size: int = 4096) -> bytes:
    """An image-like file: a PNG signature and random bytes (generated, never committed)."""
    return b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(size)


@dataclass(frozen=True)
class Case:
    id: str
    data: bytes
    built: bool  # True: the article is built; False: it is refused with an error
    words: tuple[str, ...] = ()  # in the message of the (last) problem
    line: int | None = None  # the line that message names
    severity: str | None = None  # of that problem; None: no problem at all
    encoding: str | None = None  # the encoding the article was read with
    paragraphs: tuple[str, ...] | None = None  # the paragraphs it must have


CASES = [
    Case("empty", b"", False, ("empty", "paste the article"), None, "error"),
    Case("whitespace-only", b"  \t\n\n   \n\t", False, ("white space",), None, "error"),
    Case("unicode-spaces-only", "\u00a0\u2003\u3000\n\u200b\u2028\ufeff\n\u202f\u2009\r\n".encode("utf-8"),
         False, ("white space",), None, "error"),
    Case("binary", binary_blob(), False, ("binary", "UTF-8"), 2, "error"),  # PNG: "\x89PNG\r\n" then \x1a
    Case("binary-control-characters", bytes(range(1, 32)) * 20 + b"Hamas", False, ("control character", "binary"), 1, "error"),
    Case("nul-in-good-article", GOOD.replace("resume next", "resume\x00 next").encode("utf-8"),
         False, ("NUL",), 5, "error"),
    Case("windows-1252", CP1252_TEXT.encode("cp1252"), True, ("not UTF-8", "Windows-1252", "cp1252", "re-save"), 1, "warning",
         "cp1252", (CP1252_TEXT.split("\n\n")[1].strip(),)),
    Case("windows-1254-turkish", CP1254_TEXT.encode("cp1254"), True, ("not UTF-8", "Windows-1254", "Turkish", "re-save"), 1,
         "warning", "cp1254", (CP1254_TEXT.split("\n\n")[1].strip(),)),
    Case("latin-1", LATIN1_TEXT.encode("latin-1"), True, ("not UTF-8", "Latin-1", "re-save"), 1, "warning",
         "cp1252", (LATIN1_TEXT.split("\n\n")[1].strip(),)),
    Case("utf-8-bom", b"\xef\xbb\xbf" + GOOD.encode("utf-8"), True, encoding="utf-8-sig", paragraphs=tuple(GOOD_PARAGRAPHS)),
    Case("utf-8-bom-crlf", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"), True,
         encoding="utf-8-sig", paragraphs=tuple(GOOD_PARAGRAPHS)),
    Case("utf-16-le-bom", GOOD.encode("utf-16"), True, encoding="utf-16", paragraphs=tuple(GOOD_PARAGRAPHS)),
    Case("utf-16-be-bom", b"\xfe\xff" + GOOD.encode("utf-16-be"), True, encoding="utf-16", paragraphs=tuple(GOOD_PARAGRAPHS)),
    Case("utf-16-without-bom", GOOD.encode("utf-16-le"), False, ("UTF-16", "byte-order mark", "UTF-8"), 1, "error"),
    Case("crlf", GOOD.replace("\n", "\r\n").encode("utf-8"), True, encoding="utf-8", paragraphs=tuple(GOOD_PARAGRAPHS)),
    Case("cr", GOOD.replace("\n", "\r").encode("utf-8"), True, encoding="utf-8", paragraphs=tuple(GOOD_PARAGRAPHS)),
    Case("nul-in-cr-article", GOOD.replace("\n", "\r").replace("resume next", "resume\x00 next").encode("utf-8"),
         False, ("NUL",), 5, "error"),
    Case("title-without-body", b"\n\nHamas answers the mediators in Cairo\n\n\n", False, ("title", "no body text", "paste the rest"), 3, "error"),
    Case("junk-only", b"Show More\nRelated Articles\nBack to top button\n", False, ("no body text",), None, "error"),
    Case("mixed-utf-8-and-windows-1252", GOOD.encode("utf-8") + "Caf\xe9 talks went on.\n".encode("cp1252"),
         False, ("mixes encodings", "line(s) 6", "UTF-8"), 6, "error"),
    Case("c1-control-character", GOOD.replace("Qatar said", "Qatar\u0092s envoy said").encode("utf-8"), True,
         ("U+0092", "shown as \ufffd", "Delete"), 5, "warning", "utf-8"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_bad_input_has_its_outcome(case):
    name = f"{case.id}.txt"
    article, problems = make_article(case.data, name=name)
    assert (article is not None) == case.built, problems
    if case.severity is None:
        assert problems == []
    else:
        problem = problems[-1]
        assert problem.severity == case.severity and problem.file == name
        assert str(problem).startswith(f"{name}:")  # the message names the file ...
        assert problem.line == case.line  # ... and the line, where there is one
        for word in case.words:
            assert word in problem.message, (word, problem.message)
    if not case.built:
        assert [p for p in problems if p.severity == "error"], "a refused seed is an error"
        return
    if case.encoding:
        assert article.encoding == case.encoding
    if case.paragraphs is not None:
        assert tuple(p.text for p in article.paragraphs) == case.paragraphs
    assert "\ufeff" not in article.title and "\r" not in "".join(p.text for p in article.paragraphs)


def test_legacy_encodings_are_read_letter_for_letter():
    for text, codec in ((CP1252_TEXT, "cp1252"), (CP1254_TEXT, "cp1254"), (LATIN1_TEXT, "latin-1")):
        article, _ = make_article(text.encode(codec), name=f"{codec}.txt")
        assert article.title == text.split("\n")[0]
        assert article.paragraphs[0].text == text.split("\n\n")[1].strip()


def test_turkish_bytes_beside_a_byte_windows_1254_lacks_still_read():
    # 0xDD is İ in Windows-1254, 0x8E is Ž in Windows-1252 and undefined in 1254.
    article, problems = make_article(b"Talks in Ankara\n\nMeeting with \xddbrahim and \x8eeljko went well.\n", name="odd.txt")
    assert article is not None and article.encoding == "cp1252"
    assert problems[0].severity == "warning"


def test_line_endings_do_not_change_paragraphs_or_line_numbers():
    results = []
    for newline in ("\n", "\r\n", "\r"):
        article, _ = make_article(GOOD.replace("\n", newline))
        results.append([(p.number, p.line, p.text) for p in article.paragraphs])
    assert results[0] == results[1] == results[2]
    assert [line for _, line, _ in results[0]] == [3, 5]


def test_the_title_line_is_set_apart_not_lost():
    article, _ = make_article(GOOD)
    assert article.title == "Türkiye urges Hamas to accept the Cairo truce plan"
    assert [p.text for p in article.paragraphs] == GOOD_PARAGRAPHS


# --- the seeds folder ------------------------------------------------------------

def test_non_txt_files_are_ignored_with_a_warning_hidden_files_silently(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {"good.txt": GOOD, "notes.md": "# notes", "photo.jpg": binary_blob(64),
                                              ".DS_Store": b"\x00\x01", "draft.txt~": GOOD})
    (seeds / "old").mkdir()
    found, problems = read_seeds(seeds, "sources.toml")
    assert [seed.name for seed in found] == ["good.txt"]
    by_file = {Path(p.file).name: p for p in problems}
    assert set(by_file) == {"notes.md", "photo.jpg", "draft.txt~", "old"}
    for name in ("notes.md", "photo.jpg", "draft.txt~"):
        assert by_file[name].severity == "warning" and "not a .txt file" in by_file[name].message
    assert by_file["old"].severity == "warning" and "folder" in by_file["old"].message


def test_two_files_with_the_same_text_are_both_built_with_a_warning_naming_both(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {
        "a-original.txt": GOOD,
        "b-copy.txt": GOOD.replace("\n", "\r\n").encode("utf-16"),  # same text, saved differently
        "c-other.txt": CP1252_TEXT,
    })
    dossier = build_site(seeds, tmp_path / "out", search=False)
    assert [a.source_file for a in dossier.articles] == ["a-original.txt", "b-copy.txt", "c-other.txt"]
    warnings = [p for p in dossier.problems if "same text" in p.message]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.severity == "warning" and warning.file == "b-copy.txt" and "a-original.txt" in warning.message
    editors = BeautifulSoup((tmp_path / "out/editors/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "a-original.txt" in editors.find(id="source-b-copy").get_text()


def test_two_file_names_with_one_address_are_an_error_naming_both(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {"Hamas answer.txt": GOOD, "hamas-answer.txt": CP1252_TEXT})
    with pytest.raises(BuildFailed) as failure:
        build_site(seeds, tmp_path / "out", search=False)
    clash = [p for p in failure.value.problems if "same address" in p.message]
    assert len(clash) == 1 and clash[0].severity == "error"
    assert clash[0].file == "hamas-answer.txt" and "Hamas answer.txt" in clash[0].message
    assert "articles/hamas-answer/" in clash[0].message and "rename" in clash[0].message
    assert not (tmp_path / "out").exists()


def test_a_file_name_with_spaces_and_non_ascii_letters_gets_a_readable_stable_address(tmp_path):
    name = "Türkiye görüşmesi – İbrahim Kalın (Doha).txt"
    seeds = write_seeds(tmp_path / "seeds", {name: GOOD})
    first = build_site(seeds, tmp_path / "one", search=False)
    write_seeds(seeds, {"another article.txt": CP1252_TEXT})
    second = build_site(seeds, tmp_path / "two", search=False)
    expected = "turkiye-gorusmesi-ibrahim-kalin-doha"
    assert first.articles[0].id == expected
    assert second.article_by_id[expected].source_file == name
    for out in ("one", "two"):
        assert (tmp_path / out / "articles" / expected / "index.html").is_file()
        # The source file is named as it is, for the editors.
        assert name in (tmp_path / out / "editors/index.html").read_text(encoding="utf-8")
    export = json.loads((tmp_path / "two/dossier.json").read_text(encoding="utf-8"))
    assert {a["source_file"]: a["url"] for a in export["articles"]}[name] == f"articles/{expected}/"


def test_a_very_large_article_is_processed_whole(tmp_path):
    """Several MB, generated here, names in every paragraph: every paragraph reaches the page
    and dossier.json, the last one too. Built by build.py with a time limit, so a stage that
    grows faster than the text fails this test instead of hanging the suite."""
    count = 3_600
    paragraphs = [
        f"Paragraph {n}: mediators from Qatar and Egypt said that Hamas and Israel had narrowed the gaps in round {n}. "
        "The negotiators went through the exchange of captives line by line, with maps of the pullback spread on the "
        "table and lists of names checked twice against the records kept by each side's delegation. "
        "People briefed on the sessions said the corridors for relief supplies took most of the afternoon, and that "
        "the sequencing of each stage was argued over late into the night before the delegations broke off. "
        "A further session was pencilled in for the following week, though no one would say where it would be held, "
        "who would chair it, or whether the written text circulated that evening would survive the next round."
        for n in range(1, count + 1)
    ]
    last = "The last paragraph of a very long paste ends here, Türkiye said: LAST-PARAGRAPH-MARKER."
    text = "A very long article about the Gaza talks\n\n" + "\n\n".join([*paragraphs, last]) + "\n"
    assert len(text.encode("utf-8")) > 2_500_000
    seeds = write_seeds(tmp_path / "seeds", {"long.txt": text})
    result = run_build("--seeds", str(seeds), "--output", str(tmp_path / "out"), timeout=240)
    assert result.returncode == 0, result.stderr
    total = count + 1
    html = (tmp_path / "out/articles/long/index.html").read_text(encoding="utf-8")
    assert html.count('class="para"') == total
    assert f'id="p{total}"' in html and "LAST-PARAGRAPH-MARKER" in html
    assert BeautifulSoup(html, "html.parser").find(id=f"p{total}").get_text().endswith(last)
    assert paragraphs[count // 2].split(": ", 1)[1] in BeautifulSoup(html, "html.parser").find(id=f"p{count // 2 + 1}").get_text()
    export = json.loads((tmp_path / "out/dossier.json").read_text(encoding="utf-8"))
    exported = export["articles"][0]["paragraphs"]
    assert len(exported) == total and exported[-1]["text"] == last and exported[-1]["id"] == f"p{total}"
    assert [p["text"] for p in exported[:-1]] == paragraphs


# --- the source facts file -----------------------------------------------------------

SOURCE_FACTS_CASES = [
    ("unquoted-value", '["a.txt"]\noutlet = "Daily Sabah"\nurl = javascript:alert(1)\n', 3, "error", ("cannot be read", "line 3", "quotes")),
    ("unterminated-at-end", '["a.txt"]\noutlet = "X"\ntitle = "no end\n', 3, "error", ("cannot be read",)),
    ("table-twice", '["a.txt"]\noutlet = "X"\n\n["a.txt"]\noutlet = "Y"\n', 4, "error", ("twice",)),
    ("unquoted-file-name", '# facts\n[a.txt]\noutlet = "X"\n', 2, "error", ('["a.txt"]', "quoted")),
    ("date-not-quoted", '["a.txt"]\noutlet = "X"\npublished = 2025-05-12\n', 1, "error", ("quoted strings",)),
    ("not-a-date", '["a.txt"]\noutlet = "X"\n\npublished = "2025-13-45"\n', 4, "error", ("not a date", "YYYY-MM-DD")),
    ("unknown-field", '["a.txt"]\noutlet = "X"\n\n["b.txt"]\nauthor = "Y"\n', 4, "error", ("unknown fields", "author")),
    ("value-not-table", 'outlet = "Daily Sabah"\n', 1, "error", ("must be a table",)),
    ("javascript-url", '["a.txt"]\n\nurl = "javascript:alert(1)"\n', 3, "warning", ("not an http(s) address", "not linked")),
    ("not-utf-8", '["a.txt"]\noutlet = "Caf\xe9"\n'.encode("latin-1"), 2, "error", ("not UTF-8", "re-save")),
]


@pytest.mark.parametrize("data, line, severity, words", [case[1:] for case in SOURCE_FACTS_CASES],
                         ids=[case[0] for case in SOURCE_FACTS_CASES])
def test_malformed_source_facts_name_the_file_and_line(tmp_path, data, line, severity, words):
    path = tmp_path / "sources.toml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    _, problems = read_source_facts(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == str(path) and problem.line == line and problem.severity == severity
    assert str(problem).startswith(f"{path}:{line}: {severity}: ")
    for word in words:
        assert word in problem.message, (word, problem.message)


def test_an_invalid_published_date_falls_back_to_inference(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('["a.txt"]\noutlet = "Daily Sabah"\npublished = "last spring"\n', encoding="utf-8")
    facts, problems = read_source_facts(path)
    assert facts["a.txt"].outlet == "Daily Sabah" and facts["a.txt"].published is None
    assert [p.line for p in problems] == [3]


def test_an_http_address_with_spaces_is_encoded_and_linked(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('["a.txt"]\nurl = "https://example.com/a story?q=<b>"\n', encoding="utf-8")
    facts, problems = read_source_facts(path)
    assert facts["a.txt"].url == "https://example.com/a%20story?q=%3Cb%3E"
    assert problems[0].severity == "warning" and problems[0].line == 2


# --- the registry --------------------------------------------------------------------

def copy_registry(folder: Path) -> Path:
    shutil.copytree(ROOT / "registry", folder)
    return folder


REGISTRY_CASES = [
    pytest.param("actors.toml", 'name = "Broken\n', "syntax", id="actors-toml-syntax"),
    pytest.param("actors.toml", '[[actors]]\nname = "Planet Hostile"\nkind = "planet"\n', "kind", id="actor-bad-kind"),
    pytest.param("proposals.toml", "[[proposals]]\nname = 'unterminated\nstatus = 'open'\n", "syntax", id="proposals-toml-syntax"),
    pytest.param("proposals.toml", "[[proposals]]\nname = 'unterminated at the end\n", "syntax", id="syntax-error-at-end-of-file"),
]


@pytest.mark.parametrize("file, appended, what", REGISTRY_CASES)
def test_malformed_registry_fails_the_build_naming_file_and_line(tmp_path, file, appended, what):
    registry = copy_registry(tmp_path / "registry")
    original = (registry / file).read_text(encoding="utf-8")
    bad_line = original.count("\n") + (2 if original.endswith("\n") else 1) + (2 if what == "kind" else 0)
    (registry / file).write_text(original + "\n" + appended, encoding="utf-8")
    seeds = write_seeds(tmp_path / "seeds", {"good.txt": GOOD})
    with pytest.raises(BuildFailed) as failure:
        build_site(seeds, tmp_path / "out", search=False, registry=registry)
    errors = [p for p in failure.value.problems if p.severity == "error" and Path(p.file).name == file]
    assert errors, failure.value.problems
    problem = min(errors, key=lambda p: abs((p.line or 0) - bad_line))
    assert problem.line is not None and abs(problem.line - bad_line) <= 2, (problem, bad_line)
    assert str(problem).startswith(f"{registry / file}:{problem.line}: error: ")
    assert not (tmp_path / "out").exists()


# --- the build as a whole: fail by default, keep going on request ------------------

def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


BAD_SEEDS = {
    "empty.txt": b"",
    "image.txt": binary_blob(256),
    "nul.txt": GOOD.replace("resume next", "resume\x00 next"),
    "title-only.txt": "Hamas answers the mediators in Cairo\n",
}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    """A small good site built once; tests copy it and try to spoil it."""
    base = tmp_path_factory.mktemp("good-site")
    seeds = write_seeds(base / "seeds", {"good.txt": GOOD, "doha.txt": CP1252_TEXT})
    build_site(seeds, base / "output", search=False)
    return base


def _fresh_copy(good_site: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(good_site / "seeds", tmp_path / "seeds")
    shutil.copytree(good_site / "output", tmp_path / "output")
    return tmp_path / "seeds", tmp_path / "output"


def run_build(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, str(ROOT / "build.py"), "--no-search", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def test_errors_fail_the_build_report_every_problem_and_leave_output_as_it_was(good_site, tmp_path):
    seeds, output = _fresh_copy(good_site, tmp_path)
    before = snapshot(output)
    write_seeds(seeds, {**BAD_SEEDS, "notes.docx": b"PK\x03\x04"})
    (seeds / "sources.toml").write_text('["good.txt"]\noutlet = Daily Sabah\n', encoding="utf-8")
    result = run_build("--seeds", str(seeds), "--output", str(output))
    assert result.returncode != 0
    log = result.stderr
    for name in BAD_SEEDS:  # every problem, not only the first
        assert re.search(rf"(^|\s){re.escape(name)}(:\d+)?: error: ", log, re.MULTILINE), name
    assert "nul.txt:5: error:" in log and "title-only.txt:1: error:" in log
    assert f"{seeds / 'sources.toml'}:2: error:" in log
    assert "notes.docx: warning:" in log
    assert "build failed" in log and "--keep-going" in log
    assert snapshot(output) == before  # byte for byte
    assert not output.with_name(f".{output.name}.previous").exists()


@pytest.mark.parametrize("stage", ["render_site", "build_search_index", "write_export"])
def test_a_crash_while_writing_leaves_output_as_it_was(good_site, tmp_path, monkeypatch, stage):
    import dossier.pipeline

    seeds, output = _fresh_copy(good_site, tmp_path)
    before = snapshot(output)
    write_seeds(seeds, {"new.txt": CP1254_TEXT})

    def crash(*args, **kwargs):
        raise RuntimeError(f"{stage} crashed")

    monkeypatch.setattr(dossier.pipeline, stage, crash)
    with pytest.raises(RuntimeError, match="crashed"):
        build_site(seeds, output, search=True)
    assert snapshot(output) == before


def test_a_successful_build_replaces_the_whole_output(good_site, tmp_path):
    seeds, output = _fresh_copy(good_site, tmp_path)
    (output / "stale.html").write_text("left over from an old build", encoding="utf-8")
    (seeds / "doha.txt").unlink()
    build_site(seeds, output, search=False)
    assert not (output / "stale.html").exists()
    assert not (output / "articles/doha").exists() and (output / "articles/good/index.html").is_file()


def test_keep_going_builds_the_rest_and_lists_what_it_skipped(good_site, tmp_path):
    seeds, output = _fresh_copy(good_site, tmp_path)
    write_seeds(seeds, BAD_SEEDS)
    result = run_build("--seeds", str(seeds), "--output", str(output), "--keep-going")
    assert result.returncode == 0, result.stderr
    log = result.stderr
    assert "--keep-going" in log
    for name in BAD_SEEDS:
        assert name in log.split("--keep-going", 1)[1], f"{name} is not listed as left out"
    assert (output / "articles/good/index.html").is_file() and (output / "articles/doha/index.html").is_file()
    for name in BAD_SEEDS:
        assert not (output / "articles" / Path(name).stem).exists()
    sources = BeautifulSoup((output / "sources/index.html").read_text(encoding="utf-8"), "html.parser")
    skipped = sources.find(id="skipped-heading")
    assert skipped is not None, "the Sources page has no list of skipped seeds"
    listed = skipped.find_parent("section").get_text(" ", strip=True)
    for name in BAD_SEEDS:
        assert name in listed
    assert "NUL" in listed and "empty" in listed and "no body text" in listed  # ... and why
    export = json.loads((output / "dossier.json").read_text(encoding="utf-8"))
    assert sorted(a["source_file"] for a in export["articles"]) == ["doha.txt", "good.txt"]


def test_keep_going_lists_every_problem_on_the_editors_page(good_site, tmp_path):
    seeds, output = _fresh_copy(good_site, tmp_path)
    write_seeds(seeds, {"notes.md": "# notes"})
    (seeds / "sources.toml").write_text('["good.txt"]\noutlet = Daily Sabah\n', encoding="utf-8")
    dossier = build_site(seeds, output, search=False, keep_going=True)
    text = BeautifulSoup((output / "editors/index.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    for problem in dossier.problems:
        assert problem.message in text, str(problem)


def test_make_passes_keep_going_to_the_build():
    result = subprocess.run(["make", "-n", "html", "KEEP_GOING=1", "SEEDS=/tmp/s", "OUTPUTDIR=/tmp/o"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    build_lines = [line for line in result.stdout.splitlines() if "build.py" in line]
    assert build_lines and all("--keep-going" in line for line in build_lines), result.stdout
    result = subprocess.run(["make", "-n", "html"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "--keep-going" not in result.stdout


def test_problem_messages_read_file_line_severity_message():
    assert str(Problem("seeds/a.txt", 3, "is odd; fix it")) == "seeds/a.txt:3: error: is odd; fix it"
    assert str(Problem("seeds/a.txt", None, "is odd", "warning")) == "seeds/a.txt: warning: is odd"


def test_every_seed_problem_says_what_to_do():
    """Each refusal or warning tells the editor an action, not only what is wrong."""
    actions = ("paste", "re-save", "retype", "delete", "remove", "rename", "check", "fix", "give", "write")
    for case in CASES:
        _, problems = make_article(case.data, name=f"{case.id}.txt")
        for problem in problems:
            assert any(word in problem.message.lower() for word in actions), str(problem)
    seeds = [RawSeed("a b.txt", b"x"), RawSeed("a-b.txt", b"y"), RawSeed("c.txt", b"x")]
    from dossier.duplicates import same_address, same_text, seed_text_key

    for problem in same_address(seeds)[1] + same_text([(seed.name, seed_text_key(seed)) for seed in seeds]):
        assert any(word in problem.message.lower() for word in actions), str(problem)
