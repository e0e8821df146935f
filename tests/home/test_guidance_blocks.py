"""Guidance pages offer home's own blocks and those other apps register (home.registry.GUIDANCE_BLOCKS)."""

from wagtail import blocks
from wagtail.test.utils import WagtailTestUtils

from home.blocks import GuidanceStreamBlock
from home.registry import GUIDANCE_BLOCKS


def test_a_registered_block_is_offered_after_homes_own():
    with WagtailTestUtils().register_hook(GUIDANCE_BLOCKS, lambda: [("extra", blocks.CharBlock())]):
        names = list(GuidanceStreamBlock().child_blocks)
    assert names[:6] == ["heading", "rich_text", "callout", "question_answer", "document", "table"]
    assert "extra" in names
    assert "extra" not in GuidanceStreamBlock().child_blocks
