"""Wagtail admin screens beyond the model listings: spreadsheet imports and exports, period generation.

The hooks that register them stay in ``assessments/wagtail_hooks.py``, where Wagtail looks for them.
"""
