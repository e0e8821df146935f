"""Cohort computation, approved results snapshots and their versions (read by publication)."""
