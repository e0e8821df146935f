"""Template filters that format criteria and scores for the pages (no logic beyond formatting)."""
