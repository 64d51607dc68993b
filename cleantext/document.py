"""What flows through the pipeline: a document, what a pass returns, and what the caller gets back."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .edits import Edit, replay, restore
from .reports import PassReport

if TYPE_CHECKING:
    from .language import LanguageGuess


@dataclass(frozen=True, slots=True)
class BatchContext:
    """Facts about the batch a document came in with, for signals no single document shows.

    ``line_doc_counts`` maps a normalized line to the number of documents of the batch that contain it,
    so a pass can tell site furniture (on every page) from article text (on one).
    """

    n_docs: int = 0
    line_doc_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Document:
    """A text on its way through the pipeline. Passes read it and never change it."""

    text: str
    id: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: reports of the passes that already ran, by pass name (e.g. the detected source language)
    reports: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    batch: BatchContext | None = None

    @property
    def language(self) -> LanguageGuess:
        """The language of this text (pycld2). Detected on the text the asking pass reads, so repairs follow
        the language of the text they change and cleaning the output again reads the same language (a
        German menu once decided the repairs of an English article); passes reading the same text share one
        detection, as :func:`cleantext.language.document_language` is cached by text."""
        from .language import document_language  # pycld2 is loaded by the first document that asks

        return document_language(self.text)


class _NoMeta(Mapping[str, Any]):
    """The default ``Mention.meta``: one shared empty mapping that cannot be changed and pickles (a
    MappingProxyType does not, and mentions travel to worker processes)."""

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "_NO_META"  # unpickles as this module's single instance


_NO_META = _NoMeta()


class Mention(NamedTuple):
    """An entity found by the names pass; the span is in the text the mention is reported against.

    An immutable named tuple rather than a dataclass, like :class:`Edit`: the names pass reports one per
    name found (thousands per megabyte) and a tuple is built several times faster than a frozen dataclass.
    """

    start: int
    end: int
    text: str
    canonical: str
    type: str = ""
    #: how it was found: "exact", "variant" (generated spelling), "fuzzy", "surname", "alias", or "candidate"
    #: (a one-word match that was not corroborated: reported, the text left as written)
    match: str = "exact"
    #: how sure the match is, 0-1 like ``Edit.score``: 1.0 for a listed spelling, the fuzzy ratio / 100 for
    #: a fuzzy match
    score: float = 1.0
    #: the entity's extra gazetteer fields (read-only; the default is one shared empty mapping)
    meta: Mapping[str, Any] = _NO_META

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "canonical": self.canonical,
            "type": self.type,
            "match": self.match,
            "score": self.score,
            "meta": dict(self.meta),
        }


@dataclass(frozen=True, slots=True)
class PassResult:
    """What a pass returns: edits against the text it received, plus what it wants to report."""

    edits: list[Edit] = field(default_factory=list)
    report: Mapping[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text with everything that explains it.

    Unpacks as ``text, edits = cleaner.clean_and_explain(raw)``.
    """

    text: str
    original: str
    edits: tuple[Edit, ...] = ()
    #: per pass: what it reports (stats, detected language, skipped rules, ...)
    reports: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: entity mentions with spans in ``text``
    mentions: tuple[Mention, ...] = ()
    id: str = ""
    #: per pass, in the order they ran: the typed report (edits, rejected edits, errors, time, counters); not
    #: compared: two results are equal whatever time their passes took
    pass_reports: tuple[PassReport, ...] = field(default=(), compare=False)

    def __iter__(self) -> Iterator[Any]:
        yield self.text
        yield self.edits

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def replay(self) -> str:
        """The edit log applied to the original: equals ``text``."""
        return replay(self.original, self.edits)

    def restore(self) -> str:
        """The edit log undone on the cleaned text: equals ``original``."""
        return restore(self.text, self.edits)

    def removed_lines(self) -> list[Edit]:
        """Edits of the boilerplate pass: the lines it removed, for reporting."""
        return [e for e in self.edits if e.pass_name == "boilerplate"]

    def __reduce__(self) -> tuple[Any, ...]:
        # Results travel from worker processes by pickle. Pickled one by one, each edit and mention calls
        # the named tuple's reducer; as plain tuples a worker pickles a result two to three times faster
        # (unpickling in the parent is no faster: docs/performance.md).
        return _restored, (self.text, self.original, tuple(map(tuple, self.edits)), self.reports,
                           tuple(map(tuple, self.mentions)), self.id, tuple(map(tuple, self.pass_reports)))


_as_edit = functools.partial(tuple.__new__, Edit)
_as_mention = functools.partial(tuple.__new__, Mention)
_as_report = functools.partial(tuple.__new__, PassReport)


def _restored(text: str, original: str, edits: tuple[tuple[Any, ...], ...], reports: Mapping[str, Mapping[str, Any]],
              mentions: tuple[tuple[Any, ...], ...], doc_id: str,
              pass_reports: tuple[tuple[Any, ...], ...] = ()) -> CleanResult:
    """A CleanResult from what its ``__reduce__`` gave: the named tuples made with ``tuple.__new__`` (all
    their ``__new__`` does, without a Python call per edit)."""
    return CleanResult(text, original, tuple(map(_as_edit, edits)), reports, tuple(map(_as_mention, mentions)),
                       doc_id, tuple(map(_as_report, pass_reports)))


#: What Cleaner.clean_many and the integrations accept per item: a text, a Document, or a (doc_id, text) pair.
DocumentLike = str | Document | tuple[str, str]


def as_document(item: DocumentLike, index: int) -> Document:
    """The Document an item of a stream stands for; a bare text gets its position as its id."""
    if isinstance(item, Document):
        return item
    if isinstance(item, tuple):
        doc_id, text = item
        return Document(text=text, id=str(doc_id))
    return Document(text=item, id=str(index))


def document_chunks(stream: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of ``size`` documents (the last may be shorter): the unit sent to a worker."""
    chunk: list[Document] = []
    for doc in stream:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
