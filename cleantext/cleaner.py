"""The library API: a Cleaner built once from rules and options, then used on many documents."""

from __future__ import annotations

import functools
import gc
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

from .disable import built_in, resolve_disabled, without
from .document import CleanResult, Document, DocumentLike, as_document, document_chunks
from .errors import CleantextError
from .language import language_hint
from .options import Options
from .passes import PASSES, default_passes, pipeline_order
from .pipeline import Pipeline
from .rulefiles import RuleSet, default_rules_dir, load_rules


@functools.lru_cache(maxsize=1)
def default_ruleset() -> RuleSet:
    """The shipped rules, loaded once per process."""
    return load_rules([default_rules_dir()])


def resolve_passes(passes: Sequence[str] | None = None, skip: Sequence[str] = ()) -> list[str]:
    """Pass names in pipeline order (registered passes at their places); unknown names raise with the
    valid choices."""
    for name in [*(passes or ()), *skip]:
        if name not in PASSES:
            raise CleantextError(PASSES.unknown_message(name))
    chosen = set(passes) if passes else set(default_passes())
    return [p for p in pipeline_order() if p in chosen and p not in set(skip)]


def source_languages(ruleset: RuleSet) -> list[str]:
    """The source languages the loaded rules have packs for (``source_lang`` of a rule or its pack)."""
    return sorted({r.source_lang for r in ruleset.rules if r.source_lang})


def check_source_lang(value: str | None, ruleset: RuleSet) -> None:
    """Raise unless ``value`` (``Options.source_lang``) is None or a language some loaded rules are for:
    a language without rules would be accepted and change nothing."""
    check_source_lang_among(value, source_languages(ruleset))


def check_source_lang_among(value: str | None, langs: Sequence[str]) -> None:
    """Raise unless ``value`` is None or one of ``langs``, with the valid choices and a did-you-mean."""
    langs = list(langs)
    if value is None or value in langs:
        return
    choices = f"languages with rule packs: {', '.join(langs)}" if langs else "no loaded rules are for a source language"
    raise CleantextError(f"unknown source language {value!r} ({choices})" + language_hint(value, langs))


class Cleaner:
    """Cleans texts with a fixed set of rules and passes.

    Build it once (rules are loaded and compiled here) and reuse it: ``clean`` and
    ``clean_and_explain`` are safe to call from several threads, and a Cleaner pickles, so it can be
    shipped to worker processes (each worker compiles the rules once).

    >>> Cleaner(passes=["unicode", "tidy"]).clean("Caf\\u00e9\\u00a0 au lait  \\n\\n\\n")
    'Café  au lait\\n'

    ``disable`` lists rules that must not run: ids of rule-file rules, gazetteer names, built-in rules
    (``tidy.blank_run``), or globs of them (``bp.en.*``); one that names nothing raises CleantextError
    with the close ids.
    """

    def __init__(
        self,
        *,
        rules: Iterable[str | os.PathLike[str]] | RuleSet | None = None,
        default_rules: bool = True,
        passes: Sequence[str] | None = None,
        skip: Sequence[str] = (),
        options: Options | None = None,
        disable: Iterable[str] = (),
    ) -> None:
        self.pass_names = resolve_passes(passes, skip)
        options = options or Options()
        ruleset = default_ruleset() if default_rules else RuleSet()
        if isinstance(rules, RuleSet):
            ruleset = ruleset.merged(rules)
        elif rules is not None:
            ruleset = ruleset.merged(load_rules([Path(r) for r in rules]))
        # disabled rules do not run: rule-file rules and gazetteers are left out, built-in ones are skipped
        disabled = resolve_disabled([*disable, *options.disabled_rules], ruleset)
        self.options = replace(options, disabled_rules=built_in(disabled))
        self.ruleset = without(ruleset, disabled)
        check_source_lang(self.options.source_lang, self.ruleset)
        self.pipeline = self._build()

    def _build(self) -> Pipeline:
        passes = [
            PASSES.get(name)(self.ruleset.for_pass(name), self.ruleset.gazetteers if name == "names" else (),
                             options=self.options)
            for name in self.pass_names
        ]
        return Pipeline(passes, strict=self.options.strict)

    # pickling sends the rules and options, not compiled matchers; the receiver compiles once
    def __getstate__(self) -> dict[str, Any]:
        return {"pass_names": self.pass_names, "options": self.options, "ruleset": self.ruleset}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.pass_names = state["pass_names"]
        self.options = state["options"]
        self.ruleset = state["ruleset"]
        self.pipeline = self._build()

    def __repr__(self) -> str:
        return (f"Cleaner(passes={self.pass_names}, rules={len(self.ruleset.rules)}, "
                f"gazetteers={len(self.ruleset.gazetteers)})")

    def clean(self, text: str) -> str:
        """The cleaned text."""
        return self.clean_and_explain(text).text

    def clean_and_explain(self, text: str, *, doc_id: str = "", meta: Mapping[str, Any] | None = None) -> CleanResult:
        """The cleaned text with its edit log, per-pass reports and entity mentions."""
        if not isinstance(text, str):
            raise TypeError(f"clean_and_explain() needs a str, not {type(text).__name__}")
        return self.pipeline.run(Document(text=text, id=doc_id, meta=dict(meta or {})))

    def clean_document(self, doc: Document) -> CleanResult:
        return self.pipeline.run(doc)

    def clean_many(
        self, docs: Iterable[DocumentLike], *, jobs: int = 1, chunk_size: int = 32
    ) -> Iterator[CleanResult]:
        """Clean a stream of documents, yielding results in input order.

        With ``jobs > 1`` documents are cleaned in that many worker processes. Memory stays bounded:
        at most ``4 * jobs`` chunks of ``chunk_size`` documents are in flight at once.
        """
        stream = (as_document(d, i) for i, d in enumerate(docs))
        if jobs <= 1:
            for doc in stream:
                yield self.pipeline.run(doc)
            return
        # The first few documents are cleaned here, before the workers start: what passes load lazily
        # on first use (language profiles, caches) is then loaded once, and forked workers inherit it
        # instead of each loading it again.
        for doc in itertools.islice(stream, _PRIME_DOCS):
            yield self.pipeline.run(doc)
        window = 4 * jobs
        pending: deque[Future[list[CleanResult]]] = deque()
        from concurrent.futures import ProcessPoolExecutor  # imports multiprocessing: only for jobs > 1

        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(self,)) as pool:
            for chunk in document_chunks(stream, chunk_size):
                pending.append(pool.submit(_clean_chunk, chunk))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def clean_together(self, texts: Sequence[str], *, jobs: int = 1) -> list[CleanResult]:
        """Clean texts that belong together (pages of one site), in input order.

        Unlike ``clean_many``, the whole batch is looked at first: a line found on many of its pages
        (at least 30% of them, and at least 3) is site furniture, and the boilerplate pass removes it
        (``bp.signal.batch-repeat``). Results are otherwise those of ``clean_many(texts, jobs=jobs)``.
        """
        from .passes.boilerplate_signals import build_batch_context  # only this method needs it

        batch = build_batch_context(texts) if "boilerplate" in self.pass_names else None
        docs = [Document(text=t, id=str(i), batch=batch) for i, t in enumerate(texts)]
        return list(self.clean_many(docs, jobs=jobs))


#: documents clean_many(jobs > 1) cleans in the calling process before starting workers
_PRIME_DOCS = 4


_worker_cleaner: Cleaner | None = None


def _init_worker(cleaner: Cleaner) -> None:
    global _worker_cleaner
    _worker_cleaner = cleaner
    settle_memory()


def settle_memory() -> None:
    """Take every object alive now (compiled rules, the gazetteer index, word lists) out of the garbage
    collector's reach, with :func:`gc.freeze`. A pass makes many short-lived objects per document, so
    the collector runs often, and each full collection walked the whole index: 15% of the time of the
    default pipeline with a 10,000-variant gazetteer, and most of the time a parent process spent
    receiving results from its workers. Process-wide, so cleantext calls it only in processes it owns
    (the CLI, worker processes, Ray actors); a program that builds its Cleaner once may call it too."""
    gc.freeze()


def _clean_chunk(docs: list[Document]) -> list[CleanResult]:
    assert _worker_cleaner is not None, "worker was not initialized"
    return [_worker_cleaner.pipeline.run(d) for d in docs]


@functools.lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    return Cleaner()


def clean(text: str) -> str:
    """Clean one text with the default rules and passes."""
    return default_cleaner().clean(text)


def clean_and_explain(text: str) -> CleanResult:
    """Clean one text with the defaults; the result carries the edit log (``result.edits``)."""
    return default_cleaner().clean_and_explain(text)


__all__ = ["Cleaner", "DocumentLike", "check_source_lang", "check_source_lang_among", "clean", "clean_and_explain",
           "default_ruleset", "source_languages"]
