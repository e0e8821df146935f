"""Criteria set pages' behaviour above the models: building pages from definitions, and importing and
exporting them as files."""
