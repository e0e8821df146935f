"""Criteria sets, agencies, people and roles, periods, reports, scoring and appraisal (docs/architecture.md)."""
