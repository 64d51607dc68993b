"""cleantext: clean scraped and machine-translated news text, with an edit log that replays exactly.

>>> import cleantext
>>> cleantext.clean("Idlib\u00a0province  \n\n\n")
'Idlib province\n'
"""

from __future__ import annotations

from ._version import __version__
from .cleaner import Cleaner, clean, clean_and_explain
from .document import BatchContext, CleanResult, Document, Mention, PassResult
from .edits import Edit, replay, restore
from .errors import CleantextError, Problem, RuleError
from .options import Options
from .rulefiles import RuleSet, load_rules

__all__ = [
    "BatchContext",
    "CleanResult",
    "Cleaner",
    "CleantextError",
    "Document",
    "Edit",
    "Mention",
    "Options",
    "PassResult",
    "Problem",
    "RuleError",
    "RuleSet",
    "__version__",
    "clean",
    "clean_and_explain",
    "load_rules",
    "replay",
    "restore",
]
