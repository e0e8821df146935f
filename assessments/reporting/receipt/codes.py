"""The receipt's reference and verification code.

The reference names the report for good: "BC-2026-000123", the period's year and the report's id in
the portal (unique without a counter to lock). The first submission sets it; a resubmission keeps it,
so letters and files that cite it keep one number.

The verification code is 12 random characters from ``secrets``, written in three groups of four
("K7QF-3MZP-WX9D", about 60 bits), from an alphabet without 0, O, 1 and I, which are read one for
another. Each submission draws a new one: a receipt printed before the report was returned and
submitted again no longer checks as the current one.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LENGTH = 3, 4
CODE_LENGTH = GROUPS * GROUP_LENGTH


def reference_for(year: int, report_id: int) -> str:
    return f"BC-{year}-{report_id:06d}"


def new_verification_code() -> str:
    characters = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return grouped(characters)


def grouped(characters: str) -> str:
    return "-".join(characters[start : start + GROUP_LENGTH] for start in range(0, len(characters), GROUP_LENGTH))


def typed_code(text: str) -> str:
    """A code as typed ("k7qf 3mzp-wx9d") in its written form ("K7QF-3MZP-WX9D")."""
    characters = "".join(character for character in text.upper() if character.isalnum())
    return grouped(characters)


def typed_reference(text: str) -> str:
    """A reference as typed (" bc-2026-000123 ") in its written form."""
    return "".join(text.split()).upper()


def stamp(report) -> None:
    """Gives a report being submitted its reference (once) and a new verification code, in memory."""
    if not report.reference:
        report.reference = reference_for(report.period.year, report.pk)
    report.verification_code = new_verification_code()
