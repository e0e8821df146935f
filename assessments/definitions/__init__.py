"""Pure definitions of criteria and answers: the rules a definition must follow, its JSON and table
formats, plain-language descriptions and answer formats. Imports no models (a test checks)."""
