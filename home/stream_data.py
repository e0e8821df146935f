"""Helpers for writing StreamField raw data from code (demo content, imports)."""

import uuid


class StableIds:
    """Block ids derived from the document and the block's position.

    Loading the same text twice gives the same ids, so reloading demo content
    finds nothing changed and writes no new revision.
    """

    def __init__(self, seed: str):
        self.seed = seed
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.seed}#{self.count}"))

    def block(self, block_type: str, value) -> dict:
        """A StreamBlock child."""
        return {"type": block_type, "value": value, "id": self()}

    def item(self, value) -> dict:
        """A ListBlock item."""
        return {"type": "item", "value": value, "id": self()}
