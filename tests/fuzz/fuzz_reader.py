"""Coverage-guided fuzzing (atheris) of the CLI's file reader and the pipeline behind it.

Each input is taken as the bytes of an input file: it is decoded as a text file would be
(``decode_bytes``) and read as JSON Lines (``read_jsonl``, with a small line limit so over-long
lines are exercised too); every text that comes out is cleaned with the default rules in strict
mode. Anything but an ``InputError`` (the reader's documented way to refuse a file) is a crash.

Not part of the test suite (it runs until stopped). On demand::

    pip install atheris
    python tests/fuzz/fuzz_reader.py -max_total_time=60          # a minute
    python tests/fuzz/fuzz_reader.py -runs=200000 corpus_dir/    # keep a corpus between runs

Inputs it finds go, reduced, into REGRESSIONS of tests/test_reliability_strings.py (strings) or
tests/test_reliability_files.py (files).
"""

from __future__ import annotations

import contextlib
import io
import sys

import atheris

with atheris.instrument_imports():
    from cleantext import Cleaner
    from cleantext.io import InputError, JsonRecord, decode_bytes, read_jsonl
    from cleantext.options import Options

CLEANER = Cleaner(options=Options(strict=True, rule_timeout=0.2))


def one_input(data: bytes) -> None:
    texts: list[str] = []
    with contextlib.suppress(InputError):
        texts.append(decode_bytes(data, "fuzz.txt"))
    with contextlib.suppress(InputError):
        for item in read_jsonl(io.BytesIO(data), "fuzz.jsonl", max_line_bytes=256):
            if isinstance(item, JsonRecord):
                texts.append(item.text)
            else:
                b"".join(item.chunks())
    for text in texts:
        result = CLEANER.clean_and_explain(text)
        assert result.replay() == result.text
        assert result.restore() == text


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
