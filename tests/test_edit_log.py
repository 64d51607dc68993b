"""The edit log as users read and undo it: one score scale, logs checked when replayed, rules disabled,
input-file coordinates, custom passes and values checked up front."""

from __future__ import annotations

import bisect
import json
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cleantext import Cleaner, CleantextError, Document, Edit, Options, PassResult, coordinates, replay, restore
from cleantext.cleaner import default_ruleset
from cleantext.cli import main
from cleantext.cli_resume import Progress
from cleantext.coordinates import InputSpan, input_spans
from cleantext.edits import EditConflict
from cleantext.explain import explain
from cleantext.kinds import Entity, Gazetteer
from cleantext.passes import PASSES, Pass, register_pass
from cleantext.passes import base as passes_base
from cleantext.rulefiles import RuleSet

# ---- one score scale ----------------------------------------------------------------------------

_FUZZY_NAME = "A portrait of Qassem Soleimnai hung there.\n"
_BOILERPLATE = "Strikes hit Idlib on Monday, the monitor said, and more were feared.\n" \
               "Get the latest headlines delivered to your inboxx\n"


def test_edit_and_mention_scores_share_one_scale_across_passes() -> None:
    gazetteer = Gazetteer(name="t", entities=(Entity("Qassem Soleimani", "person"),))
    rules = RuleSet(rules=tuple(default_ruleset().for_pass("boilerplate")), gazetteers=(gazetteer,))
    cleaner = Cleaner(rules=rules, default_rules=False, passes=["boilerplate", "names"])
    result = cleaner.clean_and_explain(_BOILERPLATE + _FUZZY_NAME)
    scored = {e.pass_name: e.score for e in result.edits if e.score is not None}
    assert set(scored) == {"boilerplate", "names"}, result.edits
    assert all(0.0 < s <= 1.0 for s in scored.values()), scored
    assert 0.9 <= scored["names"] < 1.0
    assert result.mentions and all(0.0 < m.score <= 1.0 for m in result.mentions)


# ---- custom passes ------------------------------------------------------------------------------


class _Shout(Pass):
    """A custom pass as a user writes one: 'hello' becomes 'HELLO'."""

    name = "shout"

    def run(self, doc: Document) -> PassResult:
        at = doc.text.find("hello")
        if at < 0:
            return PassResult()
        return PassResult(edits=[Edit(self.name, "shout.hello", at, at + 5, "hello", "HELLO")])


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pass registry as it was, after the test: a registered pass would join every later pipeline."""
    monkeypatch.setattr(PASSES, "_items", dict(PASSES._items))
    monkeypatch.setattr(passes_base, "_PLACED", dict(passes_base._PLACED))


def test_a_registered_pass_runs_before_tidy_by_default(registry: None) -> None:
    register_pass(_Shout)
    cleaner = Cleaner()
    assert cleaner.pass_names[-2:] == ["shout", "tidy"]
    result = cleaner.clean_and_explain("well hello there   \n\n\n")
    assert result.text == "well HELLO there\n"
    assert [e.pass_name for e in result.edits] == ["shout", "tidy", "tidy"]
    assert result.replay() == result.text


def test_a_registered_pass_runs_where_it_is_placed(registry: None) -> None:
    register_pass(after="unicode")(_Shout)
    assert Cleaner().pass_names[:2] == ["unicode", "shout"]
    assert Cleaner(passes=["tidy", "shout"]).pass_names == ["shout", "tidy"]


def test_a_pass_registered_off_by_default_runs_only_when_named(registry: None) -> None:
    register_pass(_Shout, before="names", default=False)
    assert "shout" not in Cleaner().pass_names
    assert Cleaner(passes=["shout", "names"]).pass_names == ["shout", "names"]


def test_placing_a_pass_beside_an_unknown_one_is_an_error(registry: None) -> None:
    with pytest.raises(CleantextError, match=r"cannot be placed after 'mt-repair'.*did you mean 'mt_repair'"):
        register_pass(_Shout, after="mt-repair")
    assert "shout" not in PASSES


def test_the_cli_runs_a_registered_pass_named_in_passes(registry: None) -> None:
    register_pass(_Shout)
    result = CliRunner().invoke(main, ["clean", "-q", "--passes", "shout,tidy", "--explain", "-"],
                                input="say hello  \n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "say HELLO\n"
    assert "shout.hello" in result.stderr


# ---- values checked up front --------------------------------------------------------------------


def test_a_source_language_without_rules_is_refused_with_did_you_mean() -> None:
    with pytest.raises(CleantextError, match=r"unknown source language 'french' \(languages with rule packs: fr\); "
                                             r"did you mean 'fr'\?"):
        Cleaner(options=Options(source_lang="french"))
    assert Cleaner(options=Options(source_lang="fr")).options.source_lang == "fr"


def test_the_source_languages_are_those_of_the_loaded_rules(tmp_path: Path) -> None:
    pack = tmp_path / "de.yaml"
    pack.write_text("pack: {source_lang: de}\n"
                    "rules:\n  - {id: de-strasse, kind: mt_phrase, phrases: [Strasse], replace: street}\n",
                    encoding="utf-8")
    assert Cleaner(rules=[pack], options=Options(source_lang="de")).options.source_lang == "de"
    with pytest.raises(CleantextError, match="did you mean 'de'"):
        Cleaner(rules=[pack], options=Options(source_lang="Deutsch"))


def test_the_cli_refuses_an_unknown_source_language_as_a_usage_error() -> None:
    r = CliRunner().invoke(main, ["clean", "--source-lang", "french", "-"], input="text\n")
    assert r.exit_code == 2
    assert "unknown source language 'french'" in r.stderr and "did you mean 'fr'?" in r.stderr


def test_an_unknown_encoding_is_one_usage_error_before_any_file(tmp_path: Path) -> None:
    files = []
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
        files.append(str(tmp_path / name))
    r = CliRunner().invoke(main, ["clean", *files, "-o", str(tmp_path / "out"), "--encoding", "latin1x"])
    assert r.exit_code == 2
    assert r.stderr.count("latin1x") == 1 and "did you mean 'latin1'?" in r.stderr
    assert not (tmp_path / "out").exists()
    r = CliRunner().invoke(main, ["clean", "--encoding", "base64", "-"], input="x\n")
    assert r.exit_code == 2 and "'base64' is not a text encoding" in r.stderr


def test_an_unknown_plugin_profile_is_one_usage_error(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.yaml").write_text(
        "rules:\n  - id: doubled\n    kind: doubled_word\n    examples: {keep: [the cat]}\n", encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\ncleantext_rules = rules\n", encoding="utf-8")
    installed = any(e.value == "cleantext.pytest_plugin" for e in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "cleantext.pytest_plugin"]
    p = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugin, "--cleantext-profile",
                        "bogus"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    out = p.stdout + p.stderr
    assert p.returncode == pytest.ExitCode.USAGE_ERROR, out
    assert out.count("unknown profile 'bogus'") == 1 and "Available profiles: dev, ci, thorough" in out, out
    assert "Traceback" not in out


# ---- undoing edits ------------------------------------------------------------------------------

_PAGE = "Strikes hit Idleb on Monday, the monitor said.\nThis website uses cookies\nTalks went on.   \n\n\n"


def test_replay_of_a_log_with_an_edit_left_out_says_which_edit_does_not_fit() -> None:
    result = Cleaner().clean_and_explain(_PAGE)
    assert [e.rule for e in result.edits] == ["bp.en.cookie-notice", "names.exact", "tidy.trailing_space",
                                              "tidy.final_newline"]
    # the line boilerplate removed is left in: tidy's spans, in the text without it, point into that line
    kept = [e for e in result.edits if e.pass_name != "boilerplate"]
    with pytest.raises(EditConflict, match=r"edit #2 of the log \(pass tidy, rule tidy.trailing_space\) claims "
                                           r"'   ' at \[61, 64\) \(line 2 .*\) but the text there is 'ses'"):
        replay(_PAGE, kept)
    assert replay(_PAGE, result.edits) == result.text and restore(result.text, result.edits) == _PAGE
    # restore checks too: the trailing spaces tidy removed come before the name the names pass rewrote
    spaced = Cleaner().clean_and_explain("Body text.  \nShelling hit Idleb.\n")
    assert [e.pass_name for e in spaced.edits] == ["names", "tidy"]
    with pytest.raises(EditConflict, match="to undo a rule, clean again with Cleaner"):
        restore(spaced.text, [e for e in spaced.edits if e.pass_name != "tidy"])


def test_a_disabled_rule_does_not_run() -> None:
    base = Cleaner()
    cleaner = Cleaner(disable=["bp.en.cookie-notice", "bp.en.cookie-statement", "fr-function-words"])
    assert "This website uses cookies\n" in cleaner.clean(_PAGE) and "This website uses" not in base.clean(_PAGE)
    built = {r.id for p in cleaner.pipeline.passes for r in p.rules}
    assert not built & {"bp.en.cookie-notice", "bp.en.cookie-statement", "fr-function-words"}
    assert "bp.en.newsletter" in built
    # a rule that makes no edit (French cue words) is gone too: the evidence no longer counts its words
    # English output (mt_repair repairs English only) with French words left in
    french = ("The government said on Monday that the truce was holding in the northern regions, selon le "
              "gouvernement, and that talks would resume next week in Geneva.\n")

    def cues(c: Cleaner) -> dict[str, int]:
        report = c.clean_and_explain(french).reports["mt_repair"]
        return dict(report.get("evidence", {}).get("fr", {}).get("cue_words", {}))

    assert cues(base) and not cues(cleaner)


def test_globs_gazetteers_and_built_in_rules_can_be_disabled() -> None:
    cleaner = Cleaner(disable=["bp.en.*", "syria-conflict", "tidy.blank_run"])
    assert not any(r.id.startswith("bp.en.") for r in cleaner.ruleset.rules)
    assert any(r.id.startswith("bp.fr.") for r in cleaner.ruleset.rules)
    text = cleaner.clean("Shelling hit Idleb.\n\n\n\nThis website uses cookies\n")
    assert text == "Shelling hit Idleb.\n\n\n\nThis website uses cookies\n"


def test_disabling_a_rule_that_does_not_exist_is_an_error_with_close_ids() -> None:
    with pytest.raises(CleantextError, match=r"cannot disable 'bp.en.cookie-notcie'.*close ids: bp.en.cookie-notice"):
        Cleaner(disable=["bp.en.cookie-notcie"])
    with pytest.raises(CleantextError, match=r"cannot disable 'bp.xx.\*': no glob .*close ids: .*bp\.[a-z]{2}\.\*"):
        Cleaner(disable=["bp.xx.*"])


def test_the_cli_disables_rules_and_refuses_unknown_ones() -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["clean", "-q", "--disable-rule", "bp.en.*", "--disable-rule", "tidy.final_newline",
                             "-"], input=_PAGE)
    assert r.exit_code == 0, r.stderr
    assert "This website uses cookies\n" in r.stdout and r.stdout.endswith("Talks went on.\n\n\n")
    r = runner.invoke(main, ["clean", "--disable-rule", "bp.en.cookie", "-"], input=_PAGE)
    assert r.exit_code == 2
    assert "cannot disable 'bp.en.cookie'" in r.stderr and "bp.en.cookie-notice" in r.stderr


# ---- input-file coordinates ---------------------------------------------------------------------

_REMOVED_FIRST = ("Strikes hit Idleb.\nThis website uses cookies\nFollow us on Twitter\n"
                  "Talks in Idleb went on.   \n\n\n")


def test_explain_names_the_line_of_the_input_file() -> None:
    result = Cleaner().clean_and_explain(_REMOVED_FIRST)
    shown = explain(result)
    # the second Idleb is on line 4 of the input; in the text the names pass received it was on line 2
    assert "names.exact L4:10 @75  Idleb → Idlib" in shown
    assert "tidy.trailing_space L4:24 @89" in shown and "bp.en.follow-us 1.00 L3:1 @45" in shown


def test_the_edits_log_gives_input_coordinates_and_replays(tmp_path: Path) -> None:
    src, out, log = tmp_path / "in.txt", tmp_path / "out.txt", tmp_path / "edits.jsonl"
    src.write_text(_REMOVED_FIRST, encoding="utf-8")
    r = CliRunner().invoke(main, ["clean", "-q", str(src), "-o", str(out), "--edits", str(log)])
    assert r.exit_code == 0, r.stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    second = [d for d in records if d["rule"] == "names.exact"][1]
    assert (second["start"], second["end"]) == (28, 33)  # in the text the names pass received
    assert (second["input_start"], second["input_end"], second["input_line"], second["input_column"]) == \
        (75, 80, 4, 10)
    for d in records:  # nothing earlier touched these spans: the input holds what each edit changed
        assert _REMOVED_FIRST[d["input_start"] : d["input_end"]] == d["old"]
    edits = [Edit.from_dict(d) for d in records]
    assert replay(_REMOVED_FIRST, edits) == out.read_text(encoding="utf-8")
    assert restore(out.read_text(encoding="utf-8"), edits) == _REMOVED_FIRST


def test_a_span_inside_text_an_earlier_pass_wrote_covers_what_that_pass_replaced() -> None:
    first = Edit("a", "a.x", 2, 4, "cd", "WXYZ")  # "abcdef" -> "abWXYZef"
    later = Edit("b", "b.y", 3, 7, "XYZe", "-")   # inside the replacement, and past it
    assert input_spans("abcdef", [first, later])[1] == InputSpan(2, 5, 1, 3)
    removed = Edit("a", "a.line", 0, 2, "x\n", "")  # a removed line, then an insertion where it was
    inserted = Edit("b", "b.ins", 0, 0, "", ">")
    assert input_spans("x\ny", [removed, inserted])[1] == InputSpan(2, 2, 2, 1)


def test_input_coordinates_cost_grows_linearly_with_the_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0

    def counted(search: Callable[..., int]) -> Callable[..., int]:
        def wrapper(*args: Any) -> int:
            nonlocal calls
            calls += 1
            return search(*args)
        return wrapper

    monkeypatch.setattr(coordinates, "bisect_right", counted(bisect.bisect_right))
    monkeypatch.setattr(coordinates, "bisect_left", counted(bisect.bisect_left))
    counts = []
    for n in (200, 400):
        text = "".join(f"Line {i} of the story.  \nFollow us on Twitter\n" for i in range(n))
        result = Cleaner(passes=["boilerplate", "tidy"]).clean_and_explain(text)
        assert len(result.edits) == 2 * n
        calls = 0
        input_spans(result.original, result.edits)
        counts.append(calls)
    assert counts[0] >= 400, counts  # every edit's span was mapped through a binary search
    assert counts[1] <= 2.1 * counts[0], counts  # linear: twice the edits, twice the searches


def test_on_the_seeds_every_untouched_span_holds_what_its_edit_changed() -> None:
    cleaner = Cleaner()
    checked = 0
    for path in sorted(Path(__file__).parent.parent.joinpath("seeds").glob("*.txt")):
        result = cleaner.clean_and_explain(path.read_text(encoding="utf-8"))
        spans = input_spans(result.original, result.edits)
        for i, (e, span) in enumerate(zip(result.edits, spans, strict=True)):
            assert 0 <= span.start <= span.end <= len(result.original)
            earlier = [s for f, s in zip(result.edits[:i], spans, strict=False) if f.pass_name != e.pass_name]
            if all(s.end < span.start or s.start > span.end for s in earlier):
                assert result.original[span.start : span.end] == e.old, (path.name, e)
                checked += 1
    assert checked >= 50  # 75 edits of the five seeds


def test_the_fuzzy_and_surname_stages_of_names_can_be_disabled() -> None:
    gazetteer = Gazetteer(name="t", entities=(Entity("Qassem Soleimani", "person"),
                                              Entity("Sergei Lavrentyev", "person", ("Sergei Lavrentiev",))))
    text = "Qassem Soleimnai met Sergei Lavrentiev. Mr Lavrentiev left.\n"
    rules = RuleSet(gazetteers=(gazetteer,))

    def rules_used(disable: list[str]) -> list[str]:
        cleaner = Cleaner(rules=rules, default_rules=False, passes=["names"], disable=disable)
        return [e.rule for e in cleaner.clean_and_explain(text).edits]

    assert rules_used([]) == ["names.fuzzy", "names.exact", "names.surname"]
    assert rules_used(["names.fuzzy"]) == ["names.exact", "names.surname"]
    assert rules_used(["names.surname"]) == ["names.fuzzy", "names.exact"]
    with pytest.raises(CleantextError, match=r"close ids: names\.fuzzy"):
        Cleaner(disable=["names.fuzy"])


def test_resume_refuses_a_run_that_disables_other_built_in_rules(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps({"text": f"story {i}  \n\n\n"}) + "\n" for i in range(5)), encoding="utf-8")

    def interrupt(self: Progress, sizes: Any) -> None:
        self.done += 1  # the first document is written: record it, then stop
        self.save(sizes)
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "emitted", interrupt)
    args = ["clean", "-q", str(src), "-o", str(out), "--passes", "tidy"]
    assert CliRunner().invoke(main, [*args, "--disable-rule", "tidy.blank_run"]).exit_code == 130
    monkeypatch.undo()
    r = CliRunner().invoke(main, [*args, "--disable-rule", "tidy.trailing_space", "--resume"])
    assert r.exit_code == 2 and "cannot resume" in r.stderr
