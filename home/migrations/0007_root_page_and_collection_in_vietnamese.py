"""The root of the page tree and of the collections get Vietnamese names.

Wagtail's migrations create both as "Root", a name stored in the database rather than
translated, so the admin's breadcrumbs, the explorer's top and the collections list
read "Root" in an otherwise Vietnamese admin. Only the name changes; nothing looks
these rows up by it.
"""

from django.db import migrations

PAGE_ROOT = ("Root", "Trang gốc")
COLLECTION_ROOT = ("Root", "Gốc")


def rename(apps, page: tuple[str, str], collection: tuple[str, str]) -> None:
    """Each root from its first name to its second; a root already renamed by hand keeps its name."""
    (page_from, page_to), (collection_from, collection_to) = page, collection
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=page_from).update(title=page_to, draft_title=page_to)
    Collection.objects.filter(depth=1, name=collection_from).update(name=collection_to)


def to_vietnamese(apps, schema_editor):
    rename(apps, PAGE_ROOT, COLLECTION_ROOT)


def to_english(apps, schema_editor):
    rename(apps, PAGE_ROOT[::-1], COLLECTION_ROOT[::-1])


class Migration(migrations.Migration):
    dependencies = [("home", "0006_job_result_label")]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
