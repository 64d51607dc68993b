"""The corpora the real-text benchmarks and the output hash run on, each as a list of (id, text).

* ``web``: the real whole web pages of ``../shared/realdata/boilerplate-web/input/*.txt`` (sorted by name);
* ``mt``: the real French-to-English MT of ``../shared/realdata/mt-fr-en/dev.jsonl`` (``text``);
* ``native``: the native English news of ``../shared/realdata/mt-fr-en/native_english_dev.jsonl``;
* ``generated``: the corpus of ``benchmarks/generate.py`` naming the entities of a generated gazetteer;
* ``seeds``: the seed documents of ``seeds/``.

The real data is not part of the repository: where ``../shared/realdata`` (or ``$CLEANTEXT_REALDATA``) is
missing, :func:`real_sets` returns none of its sets and says so, and the callers go on without them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
Docs = list[tuple[str, str]]


def realdata_dir() -> Path:
    configured = os.environ.get("CLEANTEXT_REALDATA")
    if configured:
        return Path(configured)
    # the worktrees of the project live beside ../shared; the main checkout too
    for base in (REPO.parent, REPO.parent.parent, Path("/work")):
        if (base / "shared" / "realdata").is_dir():
            return base / "shared" / "realdata"
    return REPO.parent / "shared" / "realdata"


def _jsonl_texts(path: Path) -> Docs:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [(str(r.get("id", i)), r["text"]) for i, r in enumerate(rows)]


def _web_pages(folder: Path) -> Docs:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def real_sets(names: tuple[str, ...] = ("web", "mt", "native")) -> dict[str, Docs]:
    """The real dev sets asked for that exist here; a message on stderr for each one that does not."""
    base = realdata_dir()
    where = {"web": base / "boilerplate-web" / "input", "mt": base / "mt-fr-en" / "dev.jsonl",
             "native": base / "mt-fr-en" / "native_english_dev.jsonl"}
    out: dict[str, Docs] = {}
    for name in names:
        path = where[name]
        if not path.exists():
            print(f"skipping the {name} set: {path} is not there (set CLEANTEXT_REALDATA to the realdata folder)",
                  file=sys.stderr)
            continue
        out[name] = _web_pages(path) if name == "web" else _jsonl_texts(path)
    return out


def seed_docs() -> Docs:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((REPO / "seeds").glob("*.txt"))]


def generated_docs(mb: float, variants: int) -> tuple[Docs, Path]:
    """The generated corpus of about ``mb`` MB and the gazetteer of ``variants`` variants it names."""
    sys.path.insert(0, str(HERE))
    import generate

    gazetteer, entities = generate.ensure_gazetteer(variants)
    corpus = generate.corpus_path(mb, variants)
    if not corpus.exists():
        print(f"generating {corpus}...", file=sys.stderr, flush=True)
        generate.write_corpus(corpus, entities, mb=mb)
    return _jsonl_texts(corpus), gazetteer
