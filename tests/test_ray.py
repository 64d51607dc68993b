"""The Ray integration against a real Ray cluster on this machine: a head and a second node, 127.0.0.1 only.

Outputs must equal the local run byte for byte: on the seeds with the default pipeline, and on
10,000 generated documents. Skipped only when Ray is not installed (it is part of the test extra).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Keep every Ray process on 127.0.0.1: Ray's own switch for single-machine use (read when ray is imported);
# otherwise Ray rewrites 127.0.0.1 to the machine's network address when connecting.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'cleantext-repair[ray]')")

from click.testing import CliRunner  # noqa: E402

from cleantext import Cleaner  # noqa: E402
from cleantext.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from ray.cluster_utils import Cluster

    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "node_ip_address": "127.0.0.1",
                                                       "include_dashboard": False})
    c.add_node(num_cpus=1, node_ip_address="127.0.0.1")
    ray.init(address=c.address, log_to_driver=False)
    try:
        nodes = [n for n in ray.nodes() if n["Alive"]]
        assert len(nodes) == 2 and {n["NodeManagerAddress"] for n in nodes} == {"127.0.0.1"}
        yield c
    finally:
        ray.shutdown()
        c.shutdown()


@pytest.fixture(scope="module")
def generated_docs() -> list[tuple[str, str]]:
    entities = generate.make_gazetteer(1000)
    return list(generate.iter_documents(entities, 10_000))


def test_clean_many_on_cluster_equals_local_on_seeds(cluster: Any) -> None:
    from cleantext.integrations.ray import clean_many

    cleaner = Cleaner()
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    local = [cleaner.clean_and_explain(t, doc_id=i) for i, t in docs]
    remote = list(clean_many(cleaner, docs, chunk_size=2))
    assert [r.text.encode() for r in remote] == [r.text.encode() for r in local]
    assert [r.edits for r in remote] == [r.edits for r in local]
    assert [r.id for r in remote] == [i for i, _ in docs]


# 70 MB cleaned twice: about 3 minutes of CPU on two idle cores, and several times that on a loaded CI
# machine. The ceiling only guards against a hang, so it is set far above any load, not near the usual time.
@pytest.mark.timeout(2400)
def test_cli_engine_ray_equals_default_engine_on_10000_generated_docs(
        cluster: Any, generated_docs: list[tuple[str, str]], tmp_path: Path) -> None:
    # the default pipeline on all 10,000 documents (70 MB of JSON Lines), byte for byte, edit logs included
    src = tmp_path / "generated.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for doc_id, text in generated_docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    runner = CliRunner()
    outputs = {}
    # --jobs 2 on the default engine: same bytes as --jobs 1 (tests/test_reliability_determinism.py), half the wait
    for engine, extra in (("local", ["--jobs", "2"]), ("ray", ["--engine", "ray"])):
        out, log = tmp_path / f"{engine}.jsonl", tmp_path / f"{engine}.edits.jsonl"
        result = runner.invoke(main, ["clean", str(src), "-o", str(out), "--edits", str(log), "-q", *extra])
        assert result.exit_code == 0, result.output
        outputs[engine] = (out.read_bytes(), log.read_bytes())
    texts = outputs["local"][0].splitlines()
    assert len(texts) == len(generated_docs)
    assert [json.loads(x)["id"] for x in texts] == [i for i, _ in generated_docs]
    assert outputs["ray"][0] == outputs["local"][0]
    assert outputs["ray"][1] == outputs["local"][1] and outputs["local"][1]


def test_clean_dataset_keeps_other_columns_and_order(cluster: Any) -> None:
    import ray.data

    from cleantext.integrations.ray import clean_dataset

    cleaner = Cleaner(passes=["unicode", "tidy"])
    rows = [{"id": i, "text": f"row {i}\u00a0 text  \n\n\n", "tags": [i, i + 1]} for i in range(500)]
    rows[7]["text"] = None
    # many small blocks, so blocks finish out of order unless order is kept
    cleaned = clean_dataset(ray.data.from_items(rows, override_num_blocks=25), cleaner=cleaner, batch_size=32)
    # the switch Ray Data reads when it executes this dataset (the global context is copied at creation)
    assert cleaned.context.execution_options.preserve_order is True
    out = cleaned.take_all()
    assert [r["id"] for r in out] == list(range(500))
    assert [list(r["tags"]) for r in out] == [[i, i + 1] for i in range(500)]
    assert out[0]["text"] == "row 0  text\n" and out[7]["text"] is None


def test_clean_dataset_names_the_columns_when_one_is_missing(cluster: Any) -> None:
    import ray.data

    from cleantext.integrations.ray import clean_dataset

    with pytest.raises(ValueError, match="no column 'body'; its columns are: text"):
        clean_dataset(ray.data.from_items([{"text": "x"}]), column="body")


def test_cli_engine_ray_is_byte_identical(cluster: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for p in sorted(SEEDS.glob("*.txt")):
            f.write(json.dumps({"id": p.name, "text": p.read_text(encoding="utf-8"), "n": 1}) + "\n")
    runner = CliRunner()
    local = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "local.jsonl"), "-q"])
    assert local.exit_code == 0, local.output
    # the cluster is already connected: --ray-address is then not needed
    on_ray = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "ray.jsonl"), "-q", "--engine", "ray"])
    assert on_ray.exit_code == 0, on_ray.output
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    folder_local = runner.invoke(main, ["clean", str(SEEDS), "-o", str(tmp_path / "fl"), "-q"])
    folder_ray = runner.invoke(main, ["clean", str(SEEDS), "-o", str(tmp_path / "fr"), "-q", "--engine", "ray"])
    assert folder_local.exit_code == folder_ray.exit_code == 0
    for p in sorted((tmp_path / "fl").rglob("*.txt")):
        assert (tmp_path / "fr" / p.relative_to(tmp_path / "fl")).read_bytes() == p.read_bytes()
