"""``cleantext rules ...``: lint, test, explain and try rule packs while writing them."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .authoring.explain import explain_rules, explanation_text, find_rules, try_rules
from .authoring.lint import lint_paths
from .authoring.profiles import PROFILES
from .authoring.report import FORMATS, render
from .cli_read import Reader, ReadSettings
from .errors import CleantextError, RuleError
from .io import DEFAULT_GLOBS
from .kinds import Rule
from .options import Options
from .plugins import PluginError
from .rulefiles import default_rules_dir

EPILOG = """\b
Examples:
  cleantext rules lint my_rules/                     every problem of every file, at once
  cleantext rules test my_rules/                     examples and properties (dev profile)
  cleantext rules test my_rules/x.yaml --rule doubled --seed 7
  cleantext rules test --profile ci --format junit -o rules.xml
  cleantext rules explain doubled "the the the"      which rules fire, the edits, the diff
  cleantext rules try my_rules/x.yaml --corpus news/ hits on real text, to review

\b
Exit status: 0 all checks passed; 1 some check failed; 2 usage error.
"""


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [default_rules_dir()]


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")


_format = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                       help="Output: readable text, JSON, or JUnit XML for CI.")
_output = click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                       help="Write the report to this file instead of stdout.")


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
def rules() -> None:
    """Write rule packs with confidence: lint, test, explain and try rules.

    PATH is a rule file or a folder of them (default: the shipped rules).
    """


@rules.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@_format
@_output
def lint(paths: tuple[Path, ...], strict: bool, fmt: str, output: Path | None) -> None:
    """Check rule files without running properties: schema, ids, patterns compile, replacement groups,
    duplicate or shadowed phrases, dangerous (backtracking) patterns. Reports all problems at once."""
    report = lint_paths(_paths(paths))
    outcomes = report.outcomes(strict=strict)
    if fmt == "text":
        lines = [f"{p.path}:{p.line or '-'}: {p.severity}: [{p.rule or 'file'}] {p.message} ({p.code})"
                 for p in report.problems]
        errors = sum(1 for o in outcomes if o.failed)
        lines.append(f"{report.n_rules} rules in {len(report.files)} files: "
                     f"{sum(p.severity == 'error' for p in report.problems)} errors, "
                     f"{sum(p.severity == 'warning' for p in report.problems)} warnings")
        _emit("\n".join(lines), output)
    else:
        errors = sum(1 for o in outcomes if o.failed)
        _emit(render(outcomes, fmt, n_rules=report.n_rules, n_files=len(report.files), seconds=0.0, seed=None,
                     profile=None), output)
    click.get_current_context().exit(1 if errors else 0)


@rules.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Check only this rule (repeatable).")
@click.option("--seed", type=int, help="Seed of the generated inputs (default: random, printed in the summary).")
@click.option("--profile", type=click.Choice(list(PROFILES)), default="dev", show_default=True,
              help="dev: quick, for every save; ci: more inputs; thorough: many more.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the checks that passed.")
@_format
@_output
def test(paths: tuple[Path, ...], rule_ids: tuple[str, ...], seed: int | None, profile: str, verbose: bool,
         fmt: str, output: Path | None) -> None:
    """Run every rule's examples and check its properties with generated inputs.

    Per rule: fix/keep examples (keep also inside clean sentences), known_fp/known_miss as strict
    expected failures, and the properties total, local, case, idempotent, budget. Per file: the pack
    reaches a fixed point (no rules that undo each other), is idempotent, and does not depend on the
    order of its rules. Each failure prints a command that reproduces it with the same seed.
    """
    from .authoring.suite import run_tests  # imports hypothesis: only this command needs it (start-up)

    report = run_tests(_paths(paths), rule_ids=rule_ids, profile=profile, seed=seed)
    _emit(render(report.outcomes, fmt, verbose=verbose, n_rules=report.n_rules, n_files=report.n_files,
                 seconds=report.seconds, seed=report.seed, profile=report.profile), output)
    click.get_current_context().exit(0 if report.ok else 1)


@rules.command()
@click.argument("rule_or_path")
@click.argument("text", required=False)
@click.option("--rules", "extra", multiple=True, type=click.Path(path_type=Path),
              help="Also look for the rule id in these files or folders.")
@click.option("--all", "show_all", is_flag=True,
              help="List every rule, also those that found nothing in the text (default: the ones that fired "
                   "and the ones a condition turned down).")
@click.option("--source-lang", metavar="LANG",
              help="Run rules as on a text translated from LANG (default: detected from the text).")
@click.option("--json", "as_json", is_flag=True, help="Output JSON (every rule).")
def explain(rule_or_path: str, text: str | None, extra: tuple[Path, ...], show_all: bool, source_lang: str | None,
            as_json: bool) -> None:
    """Show which rules match TEXT (or stdin) and why the others do not, the edits and the diff.

    RULE_OR_PATH is a rule id (looked up in the shipped rules and --rules) or a rule file or folder.
    A rule that made no edit is explained by the condition that turned it down (max_words, prose guard,
    min_hits, before/after context, quotes, confidence, source language not detected, document not English).
    """
    found = _find_rules_or_exit(rule_or_path, extra)
    _check_explain_source_lang(source_lang, found)
    options = Options(apply_low_confidence=True, source_lang=source_lang)
    ex = explain_rules(found, text if text is not None else sys.stdin.read(), options=options)
    click.echo(json.dumps(ex.to_dict(), ensure_ascii=False, indent=2) if as_json
               else explanation_text(ex, show_all=show_all))


def _check_explain_source_lang(value: str | None, found: list[Rule]) -> None:
    """``--source-lang`` names a language some rule is for (the explained ones or the shipped packs): any
    other would be accepted and explain nothing, as ``clean`` refuses it too."""
    if value is None:
        return
    from .cleaner import check_source_lang_among, default_ruleset

    langs = sorted({r.source_lang for r in (*found, *default_ruleset().rules) if r.source_lang})
    try:
        check_source_lang_among(value, langs)
    except CleantextError as exc:
        raise click.BadParameter(str(exc), param_hint="'--source-lang'") from None


def check_globs(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--glob`` patterns match file names: one with a ``/`` could never match, so it is a usage error."""
    for pattern in value:
        if "/" in pattern or os.sep in pattern:
            name = pattern.replace(os.sep, "/").rsplit("/", 1)[-1]
            raise click.BadParameter(f"{pattern!r} has a folder in it, but --glob matches file names inside the "
                                     f"folder inputs, at any depth: use --glob {name!r}", ctx=ctx, param=param)
    return value



@rules.command(name="try")
@click.argument("rule_or_path")
@click.option("--corpus", required=True, type=click.Path(exists=True, path_type=Path),
              help="A folder (its .txt files, or those --glob names), a text file or a JSON Lines file (its "
              "--text-field) to run the rule on; read as `cleantext clean` reads its inputs.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN", callback=check_globs,
              help="Which files inside a --corpus folder are read, by name (default: *.txt); repeatable.")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines field that holds the text.")
@click.option("--rules", "extra", multiple=True, type=click.Path(path_type=Path),
              help="Also look for the rule id in these files or folders.")
@click.option("--context", type=click.IntRange(min=0), default=40, show_default=True,
              help="Characters of context shown on each side of a hit.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="Show at most this many hits.")
@click.option("--json", "as_json", is_flag=True, help="Output JSON Lines, one hit per line.")
def try_(rule_or_path: str, corpus: Path, globs: tuple[str, ...], text_field: str, extra: tuple[Path, ...],
         context: int, limit: int, as_json: bool) -> None:
    """Run a rule (or a rule file) over real text and show every hit in context, to review before shipping.

    \b
    Examples:
      cleantext rules try my_rules.yaml --corpus news/
      cleantext rules try my_rules.yaml --corpus news/ --glob '*.md' --glob '*.jsonl'
      cleantext rules try bp.en.cookie-banner --corpus crawl.jsonl --text-field body
    """
    found = _find_rules_or_exit(rule_or_path, extra)
    reader = Reader(ReadSettings(text_field=text_field, globs=globs or DEFAULT_GLOBS))
    file_of: dict[str, str] = {}

    def corpus_texts() -> Iterator[tuple[str, str]]:
        for file, name, text in reader.named_texts([str(corpus)]):
            file_of[name] = file
            yield name, text

    hits = 0
    files: set[str] = set()
    for item in try_rules(found, corpus_texts(), context=context):
        hits += 1
        files.add(file_of[item.file])
        if hits <= limit:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False) if as_json else str(item))
    if not as_json:
        shown = f" (first {limit} shown)" if hits > limit else ""
        click.echo(f"{hits} hit{'s' if hits != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}{shown}")


def _find_rules_or_exit(rule_or_path: str, extra: tuple[Path, ...]) -> list[Rule]:
    """The rules a command names; a broken rule file exits 2 with every problem, an unknown id is a usage error."""
    ctx = click.get_current_context()
    try:
        return find_rules(rule_or_path, extra)
    except RuleError as exc:
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    except PluginError:
        raise  # not a usage error: the command group reports it
    except CleantextError as exc:
        raise click.UsageError(str(exc), ctx=ctx) from None
