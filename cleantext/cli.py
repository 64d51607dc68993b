"""The ``cleantext`` command line."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor  # not .process.BrokenProcessPool: that imports multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .cleaner import Cleaner, settle_memory
from .cli_args import CleanArgs, check_encoding, check_passes, check_target_lang, check_usage, parse_size, split_names
from .cli_read import Origin, Reader, ReadSettings
from .cli_resume import Progress, checkpoint_for, input_signature
from .cli_write import Rejects, RunStats, Writer, WriteSettings
from .document import CleanResult, Document
from .errors import CleantextError, RuleError
from .io import InputError
from .language import TARGET_LANG
from .options import BOILERPLATE_SETTINGS, Options, options_of_pass
from .passes import PASSES, PIPELINE_ORDER, default_passes, pipeline_order
from .plugins import PluginError
from .rules_cli import check_globs, rules
from .writes import fingerprint

EPILOG = """\b
Examples:
  cleantext clean article.txt                    clean one file to stdout
  cat page.txt | cleantext clean                 stdin to stdout
  cleantext clean seeds -o cleaned --explain     a folder of .txt files, mirrored into cleaned/
  cleantext clean site -o out --glob '*.md' --glob '*.jsonl'
                                                 a folder's .md files as text, .jsonl as JSON Lines
  cat news.jsonl | cleantext clean --format jsonl   JSON Lines on stdin
  cleantext clean news.jsonl -o clean.jsonl      JSON Lines: cleans the "text" field, keeps the rest
  cleantext clean a.txt --edits edits.jsonl      write the edit log (replays to the output exactly)
  cleantext clean a.txt --rules my_names.yaml    add your rules or gazetteer to the defaults
  cleantext clean news.jsonl -o clean.jsonl --resume   continue an interrupted run where it stopped

\b
Exit status: 0 all inputs cleaned; 1 some input was skipped (the rest was
cleaned, each problem reported on stderr) or an output could not be written;
2 usage or rule-file error; 130 interrupted (Ctrl-C or kill); 141 stdout's
reader went away (`| head`): the run stops quietly, as Unix tools do.
"""


#: exit status when the reader of stdout went away (``cleantext ... | head``): 128 + SIGPIPE, as a shell
#: reports a Unix tool that the signal ended
EXIT_BROKEN_PIPE = 141


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: what is still buffered for a reader that went away is dropped, with no
    second error when Python flushes stdout on exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class _Commands(click.Group):
    """The command group; any command whose stdout reader went away ends quietly with status 141, and an
    installed plugin that cannot be loaded ends any command with its error and status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except PluginError as exc:
            click.echo(f"cleantext: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleantext")
def main() -> None:
    """Clean scraped and machine-translated news text.

    cleantext strips web boilerplate, repairs machine-translation artifacts and
    normalizes name variants, and records every change as an edit (pass, rule,
    span, old, new, reason) that replays to the output and restores the input.

    Start with `cleantext clean --help`.
    """


@main.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file, or folder (required for folder inputs and several files; mirrors the tree).")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True,
              help="Input format; auto: by the file's extension (JSON Lines for .jsonl/.ndjson, text otherwise); "
              "stdin is text unless --format jsonl (a hint says when it looks like JSON Lines).")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN", callback=check_globs,
              help="Which files inside folder inputs are read, by name (default: *.txt); repeatable, e.g. "
              "--glob '*.txt' --glob '*.md'. Matched files ending .jsonl/.ndjson are read as JSON Lines; how many "
              "files were left out is said on stderr.")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines field that holds the text.")
@click.option("--encoding", callback=check_encoding,
              help="Encoding of the input files (default: UTF-8, or what a byte-order mark says).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
              help="Rule file, gazetteer, or folder of them, added to the defaults. Repeatable.")
@click.option("--no-default-rules", is_flag=True, help="Leave the shipped rules out (use only --rules).")
@click.option("--disable-rule", "disable", multiple=True, metavar="ID",
              help="Do not run this rule: a rule id, a gazetteer name, a built-in rule (tidy.blank_run) or a glob "
              "(bp.en.*); comma-separated or repeated. --explain names the rule of each edit.")
@click.option("--passes", "passes", multiple=True, callback=check_passes,
              help=f"Run only these passes (comma-separated or repeated). Passes: {', '.join(PIPELINE_ORDER)}.")
@click.option("--skip", multiple=True, callback=check_passes, help="Leave these passes out.")
@click.option("--source-lang", help="Treat documents as machine-translated from this language (e.g. fr); "
              "default: detect per document.")
@click.option("--target-lang", default=TARGET_LANG, show_default=True, callback=check_target_lang,
              help="The language the output is in and the rules are for: mt_repair and names leave a document of "
              "200+ characters alone when under half of it is in this language.")
@click.option("--apply-low-confidence", is_flag=True, help="Apply low-confidence repairs too (default: report them).")
@click.option("--explain", "explain_", is_flag=True,
              help="Show every edit with its pass, rule, place in the input (line:column @offset) and reason (on "
              "stderr when the text goes to stdout).")
@click.option("--edits", "edits_path", type=click.Path(path_type=Path),
              help="Write the edit log as JSON Lines (doc, pass, rule, start, end, old, new, reason, ...): start/end "
              "are offsets in the text the edit's pass received (for replay), input_start, input_end, input_line "
              "and input_column its place in the input.")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Write a per-document report as JSON Lines (pass reports, entity mentions).")
@click.option("--annotate", is_flag=True, help="JSON Lines output: add a 'cleantext' field with reports and mentions.")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Where unusable JSON Lines lines are copied (default: INPUT-STEM.rejects.jsonl beside the output; "
              "with output on stdout, they are only reported).")
@click.option("--max-doc-bytes", callback=parse_size, metavar="SIZE",
              help="Skip documents (text files, JSON Lines lines) larger than this; 64M by default, 0 for no limit.")
@click.option("--site-batch", is_flag=True,
              help="Treat the inputs as pages of one site: a line found on many of them (30%, at least 3) is "
              "removed as site furniture. Reads the inputs twice; not for stdin.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run with the same arguments: documents already written are skipped.")
@click.option("--checkpoint-seconds", type=click.FloatRange(min=0), default=2.0, hidden=True,
              help="How often the progress of a run with -o is recorded for --resume.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Clean in this many worker processes.")
# -- engine selection (performance/scale issue): Ray is imported only when --engine ray is given
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: this machine (--jobs processes); ray: Ray actors (pip install 'cleantext-repair[ray]').")
@click.option("--ray-address", metavar="ADDRESS",
              help="Ray cluster to use with --engine ray (e.g. ray://head:10001, auto); default: a private local one.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors are still shown).")
@click.option("--stats", "show_stats", is_flag=True,
              help="At the end, a table on stderr of what each pass did over the run: documents, documents "
              "changed, edits, rejected edits, errors, rule timeouts, seconds spent, and the pass's own counters.")
@click.option("--boilerplate", "boilerplate", type=click.Choice(list(BOILERPLATE_SETTINGS)), default="off",
              show_default=True, help="How hard the fitted boilerplate line model removes lines on top of the "
              "rules (off: rules only, the default while the model is slow on pages of many short lines; "
              "balanced has the best held-out F1 with content kept >= 0.98); figures per setting in "
              "docs/boilerplate.md.")
def clean(**params: Any) -> None:
    """Clean text files, folders, JSON Lines or stdin.

    With no INPUT or with -, reads stdin and writes stdout. A file is written
    to stdout or to -o FILE. A folder is cleaned recursively (every .txt, or
    the files --glob names) into the folder given by -o, mirroring its tree.
    Problems with an input are reported with the file (and line) and the run
    goes on with the rest.
    Outputs appear only when complete; a run with -o that was interrupted can
    be continued with --resume and gives the same output as an uninterrupted run.
    """
    args = CleanArgs.parsed(params)
    ctx = click.get_current_context()
    check_usage(ctx, args)
    cleaner = _build_cleaner(ctx, args)
    settle_memory()  # this process is ours: the rules and the index are built, keep the collector off them
    rejects = Rejects(args.rejects, out=args.output)
    reader = Reader(ReadSettings(out=args.output, fmt=args.fmt, text_field=args.text_field, encoding=args.encoding,
                                 max_doc_bytes=args.max_doc_bytes, globs=args.globs, quiet=args.quiet), rejects)
    try:
        progress = Progress(checkpoint_for(args.output, _run_settings(args, cleaner)), resume=args.resume,
                            by_files=args.edits_path is None and args.report_path is None,
                            every_seconds=args.checkpoint_seconds)
        if args.site_batch and "boilerplate" in cleaner.pass_names:
            from .passes.boilerplate_signals import build_batch_context  # only --site-batch needs it

            reader.batch = build_batch_context(reader.texts(args.names))
    except InputError as exc:
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    writer = Writer(WriteSettings(text_field=args.text_field, explain=args.explain_, edits_path=args.edits_path,
                                  report_path=args.report_path, annotate=args.annotate, out=args.output),
                    offsets=progress.offsets)
    stats = RunStats(skipped=reader.skipped)
    _run(ctx, args, cleaner, reader.read(args.names), _Outputs(writer, rejects, progress), stats)
    if not args.quiet:
        click.echo(stats.line(), err=True)
    if args.show_stats:
        click.echo(stats.passes.table(), err=True)
    ctx.exit(1 if stats.n_skipped else 0)


def _build_cleaner(ctx: click.Context, args: CleanArgs) -> Cleaner:
    """The Cleaner of the run; a broken rule file exits 2, a bad choice is a usage error."""
    options = Options(source_lang=args.source_lang, target_language=args.target_lang,
                      apply_low_confidence=args.apply_low_confidence, boilerplate=args.boilerplate)
    try:
        return Cleaner(rules=list(args.rule_paths) or None, default_rules=not args.no_default_rules,
                       passes=args.passes or None, skip=args.skip, options=options, disable=split_names(args.disable))
    except RuleError as exc:
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    except PluginError:
        raise  # not a usage error: reported by _Commands
    except CleantextError as exc:
        raise click.UsageError(str(exc), ctx=ctx) from None


def _run_settings(args: CleanArgs, cleaner: Cleaner) -> dict[str, Any]:
    """Everything that decides the bytes of the output: a checkpoint only resumes the very same run."""
    return {
        "inputs": input_signature(args.names, args.globs) if args.output is not None else [],
        "globs": list(args.globs), "output": str(args.output), "fmt": args.fmt, "text_field": args.text_field,
        "encoding": args.encoding, "max_doc_bytes": args.max_doc_bytes, "site_batch": args.site_batch,
        "annotate": args.annotate, "edits": str(args.edits_path), "report": str(args.report_path),
        "passes": cleaner.pass_names, "options": repr(cleaner.options),  # with its disabled built-in rules
        # the rules' content, not their files' dates: touching a file must not block a resume
        "rules": fingerprint(repr(cleaner.ruleset)),
    }


@dataclass
class _Outputs:
    """What a run writes, closed together: the writer's streams, the rejects file and the checkpoint."""

    writer: Writer
    rejects: Rejects
    progress: Progress

    def close(self, ok: bool) -> None:
        if self.writer.finished:
            return
        self.writer.finish(ok, keep_partial=self.progress.checkpoint is not None)
        self.progress.finish(ok)
        self.rejects.finish(ok)


def _cleaned(cleaner: Cleaner, items: Iterator[tuple[Origin, Document]], args: CleanArgs,
             progress: Progress) -> Iterator[tuple[Origin, CleanResult]]:
    """Each document still to clean with its result. The engines give results in input order, so the origins
    of the documents handed to them wait here, in that order, for their results."""
    origins: deque[Origin] = deque()

    def documents() -> Iterator[Document]:
        for origin, doc in progress.remaining(items):
            origins.append(origin)
            yield doc

    results = _engine_results(cleaner, documents(), engine=args.engine, jobs=args.jobs, ray_address=args.ray_address)
    for result in _progress(results, quiet=args.quiet):
        yield origins.popleft(), result


def _run(ctx: click.Context, args: CleanArgs, cleaner: Cleaner, items: Iterator[tuple[Origin, Document]],
         outputs: _Outputs, stats: RunStats) -> None:
    """Clean and write every document; on any failure close the outputs as incomplete and exit with its status."""
    resumable = "; run again with --resume to continue" if outputs.progress.checkpoint is not None else ""
    ok = False
    previous = _terminate_as_interrupt()
    try:
        for origin, result in _cleaned(cleaner, items, args, outputs.progress):
            stats.add(result)
            outputs.writer.emit(origin, result)
            outputs.progress.emitted(outputs.writer.sizes)
        ok = True
    except InputError as exc:  # a partial output that does not match its checkpoint
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    except BrokenExecutor:  # a worker died (killed, out of memory): what was written so far stays resumable
        click.echo(f"cleantext: error: a worker process died (out of memory?){resumable}", err=True)
        ctx.exit(1)
    except KeyboardInterrupt:
        click.echo(f"cleantext: interrupted: no incomplete output was left under its final name{resumable}", err=True)
        ctx.exit(130)
    except BrokenPipeError:  # stdout's reader went away (`| head`): stop quietly, as Unix tools do
        _quiet_stdout()
        ctx.exit(EXIT_BROKEN_PIPE)
    except OSError as exc:  # an output cannot be written (disk full, permissions): stop, keep what is complete
        click.echo(f"cleantext: error: cannot write {exc.filename or 'output'}: {exc.strerror or exc}", err=True)
        ctx.exit(1)
    finally:
        if not ok:
            outputs.close(False)
        _restore_signal(previous)
    stats.resumed = outputs.progress.resumed
    try:
        outputs.close(True)
    except BrokenPipeError:
        _quiet_stdout()
        ctx.exit(EXIT_BROKEN_PIPE)
    except OSError as exc:
        click.echo(f"cleantext: error: cannot write {exc.filename or 'output'}: {exc.strerror or exc}", err=True)
        ctx.exit(1)

def _terminate_as_interrupt() -> Any:
    """Let ``kill`` (SIGTERM) stop a run the way Ctrl-C does: outputs closed, checkpoint kept."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_signal(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _engine_results(cleaner: Cleaner, docs: Iterator[Document], *, engine: str, jobs: int,
                    ray_address: str | None) -> Iterator[CleanResult]:
    """Results in input order from the chosen engine; reading and writing stay here, so outputs are identical."""
    if engine != "ray":
        return cleaner.clean_many(docs, jobs=jobs)
    try:
        from .integrations import ray as ray_engine
    except ImportError as exc:
        raise click.UsageError(f"--engine ray needs Ray: pip install 'cleantext-repair[ray]' ({exc})") from None
    return ray_engine.clean_many(cleaner, docs, address=ray_address)


def _progress(results: Iterator[CleanResult], *, quiet: bool) -> Iterator[CleanResult]:
    """A progress bar on stderr for runs long enough to want one (shown after a second), never when piped."""
    if quiet or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return iter(tqdm(results, unit="doc", delay=1.0, file=sys.stderr, dynamic_ncols=True))


@main.command(name="passes")
def list_passes() -> None:
    """List the passes in pipeline order, with their rule kinds and the shipped rules they run."""
    from .cleaner import default_ruleset
    from .kinds import kinds_of_pass

    shipped = default_ruleset()
    defaults = default_passes()
    for name in pipeline_order():
        cls = PASSES.get(name)
        kinds = ", ".join(k.name for k in kinds_of_pass(name))
        if name == "names":
            n = sum(len(g.entities) for g in shipped.gazetteers)
            detail = f"gazetteers ('entities:' files): {len(shipped.gazetteers)} shipped, {n} entities"
        elif kinds:
            detail = f"kinds: {kinds}; {len(shipped.for_pass(name))} shipped rules"
        else:
            detail = "built in (no rule files)"
        if options_of_pass(name):
            detail += f"; options: {', '.join(options_of_pass(name))}"
        if name not in defaults:
            detail += "; runs only when named (--passes)"
        click.echo(f"{name:<12} {cls.description}\n{'':<12} {detail}")


main.add_command(rules)
