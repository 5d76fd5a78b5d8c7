"""The registry loader: a malformed entry is a clear error naming the file and line."""
from __future__ import annotations

from pathlib import Path

from dossier.registry import load_registry

GOOD_ACTOR = '[[actors]]\nname = "Hamas"\nkind = "organisation"\n'


def load(tmp_path: Path, actors: str, proposals: str = "", editors: str | None = None):
    (tmp_path / "actors.toml").write_text(actors, encoding="utf-8")
    (tmp_path / "proposals.toml").write_text(proposals, encoding="utf-8")
    if editors is not None:
        (tmp_path / "editors.toml").write_text(editors, encoding="utf-8")
    return load_registry(tmp_path)


def test_the_projects_registry_loads_cleanly():
    registry, problems = load_registry(Path(__file__).resolve().parent.parent / "registry")
    assert problems == []
    assert {"hamas", "israel", "qatar", "egypt", "turkiye", "united-states"} <= {a.id for a in registry.actors}
    assert len(registry.proposals) >= 7


def test_actor_ids_are_slugs_of_the_canonical_name(tmp_path):
    registry, _ = load(tmp_path, '[[actors]]\nname = "İbrahim Kalın"\nkind = "person"\n')
    assert registry.actors[0].id == "ibrahim-kalin"


def test_toml_syntax_error_names_file_and_line(tmp_path):
    _, problems = load(tmp_path, GOOD_ACTOR + '\n[[actors]]\nname = "Israel\nkind = "state"\n')
    assert len(problems) == 1
    assert problems[0].file.endswith("actors.toml") and problems[0].line == 6
    assert "not valid TOML" in problems[0].message


def test_every_bad_entry_is_reported_with_its_line(tmp_path):
    actors = GOOD_ACTOR + '\n[[actors]]\nname = "Israel"\nkind = "country"\n\n[[actors]]\nkind = "state"\ncolour = "blue"\n'
    _, problems = load(tmp_path, actors)
    found = [(p.line, p.message) for p in problems]
    assert any(line == 5 and "kind 'country'" in m and "state" in m for line, m in found)
    assert any(line == 9 and "unknown field" in m and "colour" in m for line, m in found)
    assert any(line == 9 and "needs a name" in m for line, m in found)


def test_unknown_actor_references_and_bad_dates(tmp_path):
    proposals = ('[[proposals]]\nname = "Plan"\nproposers = ["nobody"]\n\n[[proposals.dates]]\ndate = "May 2025"\n'
                 'what = "announced"\n\n[proposals.terms.hostages]\ntext = "all"\nsources = ["no colon here"]\n'
                 '\n[proposals.terms.pets]\ntext = "?"\n')
    _, problems = load(tmp_path, GOOD_ACTOR, proposals)
    messages = [str(p) for p in problems]
    assert any("unknown actor id 'nobody'" in m for m in messages)
    assert any("'May 2025' is not a date" in m and "proposals.toml:6" in m for m in messages)
    assert any("ARTICLE_ID: a quote" in m and "proposals.toml:11" in m for m in messages)
    assert any("unknown term 'pets'" in m for m in messages)


def test_a_spelling_may_belong_to_one_actor_only(tmp_path):
    actors = GOOD_ACTOR + 'aliases = ["Movement"]\n\n[[actors]]\nname = "Fatah"\nkind = "organisation"\naliases = ["Movement"]\n'
    _, problems = load(tmp_path, actors)
    assert any("'Movement' is a spelling of both" in p.message for p in problems)


def test_editors_corrections(tmp_path):
    editors = 'not_actors = ["Gaza"]\n\n[date_corrections]\n"000_a: On March 18" = "2025-03-18"\n"000_a: last week" = "soon"\n'
    registry, problems = load(tmp_path, GOOD_ACTOR, "", editors)
    assert registry.not_actors == frozenset({"Gaza"})
    assert [(ref.article, ref.quote, date.iso()) for ref, date in registry.date_corrections] == [("000_a", "On March 18", "2025-03-18")]
    assert len(problems) == 1 and problems[0].line == 5 and "'soon' is not a date" in problems[0].message


PROPOSAL = '[[proposals]]\nname = "Plan (August 2025)"\nid = "plan"\nproposers = ["hamas"]\n'


def test_a_proposal_state_outside_the_closed_set_names_file_and_line(tmp_path):
    _, problems = load(tmp_path, GOOD_ACTOR, PROPOSAL + 'state = "stalled"\nas_of = "2025-08"\n')
    (problem,) = problems
    assert problem.file.endswith("proposals.toml") and problem.line == 5
    assert "'stalled'" in problem.message and "under negotiation" in problem.message


def test_a_proposal_links_only_to_known_proposals_and_is_dated_by_its_name(tmp_path):
    registry, problems = load(tmp_path, GOOD_ACTOR, PROPOSAL + 'state = "proposed"\nled_to = ["later-plan"]\nas_of = "August"\n')
    messages = " ".join(str(p) for p in problems)
    assert "unknown proposal id 'later-plan'" in messages and "as_of 'August' is not a date" in messages
    assert "proposals.toml:7" in messages
    assert registry.proposals[0].when.iso() == "2025-08"


def test_the_state_of_play_needs_three_to_six_cited_judgements(tmp_path):
    (tmp_path / "state_of_play.toml").write_text(
        'as_of = "2025-08"\n\n[[judgements]]\ntext = "One."\nsources = ["a: quote"]\n\n[[judgements]]\ntext = "Two."\n', encoding="utf-8")
    registry, problems = load(tmp_path, GOOD_ACTOR)
    messages = [str(p) for p in problems]
    assert any("state_of_play.toml:3" in m and "give three to six" in m for m in messages), messages
    assert any("state_of_play.toml:7" in m and "needs sources" in m for m in messages), messages
    assert registry.state_of_play.as_of.iso() == "2025-08"
