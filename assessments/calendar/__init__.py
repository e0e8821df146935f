"""The public reporting calendar: a year's reporting periods read from their records, and the guidance block
that shows them, so the calendar a citizen reads is the one the portal applies."""
