"""One specification per scoring method: its inputs, how they are stored, read, written as JSON and shown.

The report form, the answer rows, the open-data JSON and the demo all ask
:data:`METHODS` rather than branching on the method, so a method is added (or
changed) in one place: a :class:`MethodSpec` subclass registered with
:func:`register`, as Wagtail's form builder keeps one ``create_<type>_field``
per field type. The engine's arithmetic stays in :mod:`assessments.scoring`.
"""

from assessments.definitions.methods import builtin as _builtin  # noqa: F401  (registers the methods)
from assessments.definitions.methods.base import (
    METHODS,
    YES_NO,
    MethodSpec,
    Part,
    PartKind,
    Stored,
    expect_keys,
    plain_decimal,
    register,
    spec_for,
)

__all__ = [
    "METHODS",
    "YES_NO",
    "MethodSpec",
    "Part",
    "PartKind",
    "Stored",
    "expect_keys",
    "plain_decimal",
    "register",
    "spec_for",
]
