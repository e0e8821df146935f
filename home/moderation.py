"""Wagtail's moderation groups and workflow, by the Vietnamese names the portal gives them.

Wagtail's own migrations create the groups "Editors" and "Moderators" and the
workflow and task "Moderators approval"; those names are data, shown as they
are in the admin (the group list, the workflow screens, the page editor's
"Submit to …" button). Migration ``home.0003_moderation_names_in_vietnamese``
renames them to these; code finds the groups by these names.
"""

EDITORS_GROUP = "Biên tập viên"
MODERATORS_GROUP = "Người duyệt"
WORKFLOW = "Duyệt nội dung"
APPROVAL_TASK = "Người duyệt phê duyệt"
