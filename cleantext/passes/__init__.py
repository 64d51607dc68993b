"""The passes of the pipeline. Importing this package registers every pass and rule kind."""

from ..plugins import built_ins_registered
from . import boilerplate, mt_repair, names, tidy, unicode
from .base import PASSES, PIPELINE_ORDER, Pass, default_passes, pipeline_order, register_pass

built_ins_registered()  # the built-ins are in: plugins (cleantext.plugins) may load at the next lookup

__all__ = ["PASSES", "PIPELINE_ORDER", "Pass", "boilerplate", "default_passes", "mt_repair", "names", "pipeline_order",
           "register_pass", "tidy", "unicode"]
