"""StreamField blocks: legal text for decisions, content blocks for guidance."""

from .guidance import GuidanceStreamBlock
from .legal import ArticlesStreamBlock, ClosingStreamBlock, PreambleStreamBlock

__all__ = ["ArticlesStreamBlock", "ClosingStreamBlock", "GuidanceStreamBlock", "PreambleStreamBlock"]
