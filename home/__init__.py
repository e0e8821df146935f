"""The public site: home page, decisions, guidance, navigation, search; names no other app (home.registry)."""
