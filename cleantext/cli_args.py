"""The options of ``cleantext clean``: checks of single values (click callbacks), the parsed options as one
object (:class:`CleanArgs`), and the checks of how they combine, made before anything is built."""

from __future__ import annotations

import codecs
import encodings.aliases
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from .errors import OptionError
from .io import DEFAULT_GLOBS, DEFAULT_MAX_DOC_BYTES
from .language import TARGET_LANG
from .options import BoilerplateSetting, check_target_language
from .passes import PASSES
from .registry import did_you_mean
from .writes import is_special


def split_names(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def check_passes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    names = split_names(value)
    for n in names:
        if n not in PASSES:
            raise click.BadParameter(PASSES.unknown_message(n), ctx=ctx, param=param)
    return names


def check_target_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A language the detector does not know would leave every document alone: a usage error, with a hint."""
    try:
        check_target_language(value)
    except OptionError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


def check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An unknown encoding is one usage error before the run, not one error per input file."""
    if value is None:
        return None
    examples = "(e.g. utf-8, latin-1, cp1252, utf-16)"
    try:
        codecs.lookup(value)
    except LookupError:
        names = sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()))
        raise click.BadParameter(f"unknown encoding {value!r} {examples}"
                                 + did_you_mean(value.lower().replace("-", "_"), names), ctx=ctx, param=param) from None
    try:
        b"a".decode(value)
    except UnicodeDecodeError:  # a text encoding (one byte is no UTF-16 character)
        pass
    except LookupError:  # base64, rot13: codecs between bytes, or between strings
        raise click.BadParameter(f"{value!r} is not a text encoding {examples}", ctx=ctx, param=param) from None
    return value


def parse_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Sizes as on the command line: 500000, 64K, 64M, 2G (0 or 'none' for no limit)."""
    if value is None:
        return DEFAULT_MAX_DOC_BYTES
    text = value.strip().upper().removesuffix("B")
    if text in ("0", "NONE"):
        return None
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    digits = text[:-1] if factor != 1 else text
    if not digits.isdigit():
        raise click.BadParameter(f"{value!r} is not a size; use bytes or a number with K, M or G (e.g. 64M), "
                                 "or 0 for no limit", ctx=ctx, param=param)
    return int(digits) * factor


def is_stdout(path: Path) -> bool:
    if str(path) in ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        return True
    try:
        mine, theirs = os.fstat(sys.stdout.fileno()), os.stat(path)
    except (OSError, ValueError):  # no file behind stdout (a test runner), or no such path
        return False
    return is_special(path) and (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def check_outputs(ctx: click.Context, *, output: Path | None, edits_path: Path | None, report_path: Path | None,
                   rejects: Path | None, resume: bool) -> None:
    """Refuse outputs that would interleave on stdout, and --resume into what cannot be resumed."""
    on_stdout = [] if output is not None and not is_stdout(output) else [f"the cleaned text (-o {output or '-'})"]
    on_stdout += [f"{opt} {p}" for opt, p in (("--edits", edits_path), ("--report", report_path),
                                               ("--rejects", rejects)) if p is not None and is_stdout(p)]
    if len(on_stdout) > 1:
        raise click.UsageError(f"{' and '.join(on_stdout)} would all go to stdout and interleave; "
                               "write all but one of them to a file", ctx=ctx)
    special = [str(p) for p in (output, edits_path, report_path) if p is not None and (str(p) == "-" or is_special(p))]
    if resume and special:
        raise click.UsageError(f"--resume continues outputs that are regular files; {', '.join(special)} is "
                               "stdout, a FIFO or a device", ctx=ctx)


@dataclass(frozen=True, kw_only=True)
class CleanArgs:
    """The options of ``cleantext clean`` as click parsed them, one field per option (see ``--help``)."""

    inputs: tuple[str, ...] = ()
    output: Path | None = None
    fmt: str = "auto"
    globs: tuple[str, ...] = DEFAULT_GLOBS
    text_field: str = "text"
    encoding: str | None = None
    rule_paths: tuple[Path, ...] = ()
    no_default_rules: bool = False
    passes: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str = TARGET_LANG
    apply_low_confidence: bool = False
    explain_: bool = False
    edits_path: Path | None = None
    report_path: Path | None = None
    annotate: bool = False
    rejects: Path | None = None
    max_doc_bytes: int | None = DEFAULT_MAX_DOC_BYTES
    site_batch: bool = False
    resume: bool = False
    checkpoint_seconds: float = 2.0
    jobs: int = 1
    quiet: bool = False
    engine: str = "local"
    ray_address: str | None = None
    disable: tuple[str, ...] = ()
    boilerplate: BoilerplateSetting = "off"
    show_stats: bool = False

    @classmethod
    def parsed(cls, params: dict[str, Any]) -> CleanArgs:
        """From click's parameters: ``-o -`` is stdout (no output path), no ``--glob`` the default globs."""
        args = cls(**params)
        output = None if args.output is not None and str(args.output) == "-" else args.output
        return replace(args, output=output, globs=args.globs or DEFAULT_GLOBS)

    @property
    def names(self) -> list[str]:
        """The inputs, stdin (``-``) when none are named."""
        return list(self.inputs) or ["-"]

    @property
    def several(self) -> bool:
        return len(self.names) > 1 or any(Path(n).is_dir() for n in self.names if n != "-")


def check_usage(ctx: click.Context, args: CleanArgs) -> None:
    """Refuse combinations of inputs and outputs that cannot work, before anything is built."""
    names, output = args.names, args.output
    check_outputs(ctx, output=output, edits_path=args.edits_path, report_path=args.report_path,
                   rejects=args.rejects, resume=args.resume)
    if args.several and output is None and args.fmt != "jsonl" and not all(n.endswith((".jsonl", ".ndjson"))
                                                                           for n in names):
        raise click.UsageError("several inputs or a folder need -o FOLDER for the cleaned files", ctx=ctx)
    if args.several and output is not None and output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is a file; several inputs or a folder need a folder", ctx=ctx)
    if args.resume and (output is None or "-" in names):
        raise click.UsageError("--resume needs -o (an output file or folder) and inputs that are files, not stdin",
                               ctx=ctx)
    if args.site_batch and "-" in names:
        raise click.UsageError("--site-batch reads the inputs twice, so it needs files or folders, not stdin", ctx=ctx)
    if args.several and output is not None and not any(n.endswith((".jsonl", ".ndjson")) for n in names):
        output.mkdir(parents=True, exist_ok=True)
