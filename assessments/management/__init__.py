"""The assessments' management commands."""
