"""Machinery of the ``mt_repair`` pass: its rule kinds, source-language detection, the word lexicon and
text helpers (quoted speech, sentences). The pass itself is :mod:`cleantext.passes.mt_repair`."""
