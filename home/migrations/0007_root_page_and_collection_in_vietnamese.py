"""The root of the page tree and of the collections get Vietnamese names.

Wagtail's migrations create both as "Root", a name stored in the database rather than
translated, so the admin's breadcrumbs, the explorer's top and the collections list
read "Root" in an otherwise Vietnamese admin. Only the name changes; nothing looks
these rows up by it.
"""

from django.db import migrations

ENGLISH = "Root"
PAGE_ROOT = "Trang gốc"
COLLECTION_ROOT = "Gốc"


def rename(apps, page_title: str, collection_name: str, only_if: tuple[str, str]) -> None:
    # A root already renamed by hand keeps its name.
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=only_if[0]).update(title=page_title, draft_title=page_title)
    Collection.objects.filter(depth=1, name=only_if[1]).update(name=collection_name)


def to_vietnamese(apps, schema_editor):
    rename(apps, PAGE_ROOT, COLLECTION_ROOT, only_if=(ENGLISH, ENGLISH))


def to_english(apps, schema_editor):
    rename(apps, ENGLISH, ENGLISH, only_if=(PAGE_ROOT, COLLECTION_ROOT))


class Migration(migrations.Migration):
    dependencies = [("home", "0006_job_result_label")]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
