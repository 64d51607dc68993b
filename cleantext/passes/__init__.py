"""The passes of the pipeline. Importing this package registers every pass and rule kind."""

from . import boilerplate, mt_repair, names, tidy, unicode
from .base import PASSES, PIPELINE_ORDER, Pass, register_pass

__all__ = ["PASSES", "PIPELINE_ORDER", "Pass", "boilerplate", "mt_repair", "names", "register_pass", "tidy", "unicode"]
