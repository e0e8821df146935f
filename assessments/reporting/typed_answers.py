"""Answers typed on a group page and posted by its evidence buttons (add, remove), not by Save.

The evidence inputs and buttons belong to the page's one form, so pressing one
posts whatever the officer typed and has not saved yet. It is saved first,
through the same form (the same checks, the same messages) and the same service
as the Save button. When it cannot be saved (a value to fix, someone else's
save in between), the evidence is still added or removed, and the page shows
the typed answers again with what to fix: nothing typed, and nothing saved, is
lost. Without JavaScript this is the whole mechanism; with it, the page also
saves by itself (static/js/report-form.js).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.http import QueryDict

from assessments.models import Report
from assessments.reporting import services as report_service
from assessments.reporting.forms import GroupForm
from assessments.scoring import Group


class Outcome(enum.StrEnum):
    NOT_POSTED = "not_posted"  # the post held no answers (a page of an older release, a script)
    UNCHANGED = "unchanged"
    SAVED = "saved"
    INVALID = "invalid"  # not saved: the form says what to fix
    CONFLICT = "conflict"  # not saved: someone else saved since the page was loaded


@dataclass(frozen=True)
class Carried:
    """What became of the answers a post carried, and the form that read them."""

    outcome: Outcome
    form: GroupForm | None = None

    @property
    def settled(self) -> bool:
        """Nothing typed is left unsaved: the page can simply be shown again as saved."""
        return self.outcome in (Outcome.NOT_POSTED, Outcome.UNCHANGED, Outcome.SAVED)


def save_carried(post: QueryDict, report: Report, criteria, group: Group, user) -> Carried:
    """Saves the answers of ``group`` that ``post`` carries, when they are valid and differ from the saved ones.

    Raises :class:`~assessments.reporting.workflow.EditRefused` when the report cannot be changed.
    """
    if "version" not in post:
        return Carried(Outcome.NOT_POSTED)
    form = GroupForm(post, group=group, indicators=criteria.indicators)
    if not form.is_valid():
        return Carried(Outcome.INVALID, form)
    try:
        saved = report_service.save_group_if_changed(report.pk, group, form.group_values(), form.loaded_version, user)
    except report_service.Conflict:
        return Carried(Outcome.CONFLICT, form)
    return Carried(Outcome.SAVED if saved else Outcome.UNCHANGED, form)


def shown_again(form: GroupForm, version: int | None) -> GroupForm:
    """The refused answers to show again after the evidence change that moved the report to ``version``.

    When that change is the only one since the page was loaded, the page is brought to the new version,
    so that saving the corrected answers is not refused as a conflict with the officer's own evidence.
    After anyone else's save it keeps the version it was loaded at, and a save is refused as it should be.
    """
    if version is None or form.data.get("version") != str(version - 1):
        return form
    data = form.data.copy()
    data["version"] = str(version)
    return GroupForm(data, group=form.group, indicators=form.indicators)
