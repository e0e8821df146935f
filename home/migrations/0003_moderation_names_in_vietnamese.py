"""Wagtail's default groups, workflow and task get Vietnamese names (see home/moderation.py).

Runs after every Wagtail migration that looks these groups up by their English
names, so those still find them.
"""

from django.db import migrations

# Written out rather than imported: a migration keeps doing what it did when it was written.
GROUPS = {"Editors": "Biên tập viên", "Moderators": "Người duyệt"}
WORKFLOWS = {"Moderators approval": "Duyệt nội dung"}
TASKS = {"Moderators approval": "Người duyệt phê duyệt"}


def rename(model, names: dict[str, str]) -> None:
    for old, new in names.items():
        # A name already taken (someone renamed by hand) is left alone: group names are unique.
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_vietnamese(apps, schema_editor):
    rename(apps.get_model("auth", "Group"), GROUPS)
    rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOWS)
    rename(apps.get_model("wagtailcore", "Task"), TASKS)


def to_english(apps, schema_editor):
    def reverse(names):
        return {new: old for old, new in names.items()}

    rename(apps.get_model("auth", "Group"), reverse(GROUPS))
    rename(apps.get_model("wagtailcore", "Workflow"), reverse(WORKFLOWS))
    rename(apps.get_model("wagtailcore", "Task"), reverse(TASKS))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_information_pages_and_contact_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
