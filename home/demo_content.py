"""Builds the demo site from the data files in ``home/demo/``.

Every step finds what an earlier run made and changes it only where the data
differs, so running the loader again leaves the same pages and no new revisions.
"""

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from home.decision_markdown import parse_decision
from home.models import (
    DecisionIndexPage,
    DecisionPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    InformationPage,
    PortalSettings,
)
from home.moderation import EDITORS_GROUP, MODERATORS_GROUP
from home.stream_data import StableIds
from home.text import fold

DEMO_DIR = Path(__file__).resolve().parent / "demo"

P = TypeVar("P", bound=Page)


def load_json(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def decision_slug(number: str, date: datetime.date) -> str:
    """ "2853/QĐ-UBND", 2021 -> "quyet-dinh-2853-qd-ubnd-2021"."""
    return slugify(f"quyet-dinh-{fold(number).replace('/', '-')}-{date.year}")


def _comparable(page: Page, names: list[str]) -> dict[str, object]:
    """Values of the named fields in a form where equal content compares equal.

    StreamField data goes through its blocks (so 50 and "50" agree), numbers
    through their fields (so 1000 and 1000.00 agree), and many-to-many and
    child relations become lists of their values.
    """
    values: dict[str, object] = {}
    for name in names:
        field = page._meta.get_field(name)
        value = getattr(page, name)
        if isinstance(field, StreamField):
            block = field.stream_block
            raw = list(value.raw_data) if isinstance(value, StreamValue) else value
            normalised = block.to_python(raw)
            list(normalised)  # a StreamValue hands back raw data for children never read
            values[name] = block.get_prep_value(normalised)
        elif field.many_to_many:
            values[name] = sorted(item.pk for item in value.all())
        elif field.one_to_many:
            values[name] = [
                [
                    getattr(child, child_field.attname)
                    for child_field in child._meta.concrete_fields
                    if not (child_field.primary_key or child_field.is_relation or child_field.name == "sort_order")
                ]
                for child in value.all()
            ]
        else:
            values[name] = field.to_python(field.value_from_object(page))
    return values


def upsert_page(parent: Page, model: type[P], slug: str, fields: dict) -> tuple[P, bool]:
    """The live child of ``parent`` with ``slug``, created or brought in line with ``fields``.

    Returns the page and whether anything was written.
    """
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None and not isinstance(existing, model):
        raise ValueError(f"A {type(existing).__name__} already uses the slug {slug!r} under {parent.title!r}.")
    if existing is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, True
    names = list(fields)
    before = _comparable(existing, names)
    for name, value in fields.items():
        setattr(existing, name, value)
    if _comparable(existing, names) == before and existing.live and not existing.has_unpublished_changes:
        return existing, False
    existing.save_revision().publish()
    return existing, True


def ensure_home(data: dict) -> HomePage:
    """The site's home page, replacing Wagtail's empty welcome page on a fresh database."""
    root = Page.get_first_root_node()
    fields = {"title": data["home"]["title"], "lead": data["home"]["lead"], "body": data["home"]["body"]}
    home, _ = upsert_page(root, HomePage, data["home"]["slug"], fields)
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
    if site.root_page_id != home.pk or site.site_name != data["site_name"]:
        previous_root = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = data["site_name"]
        site.is_default_site = True
        site.save()
        # Wagtail's migrations leave an empty "Welcome" page as the site root.
        if previous_root and type(previous_root.specific) is Page and previous_root.is_leaf():
            previous_root.delete()
    return home


def load_decisions(index: DecisionIndexPage, data: dict) -> list[DecisionPage]:
    replaced: dict[str, DecisionPage] = {}
    for item in data["replaced_decisions"]:
        date = datetime.date.fromisoformat(item["date"])
        fields = {
            "title": f"Quyết định số {item['number']}",
            "number": item["number"],
            "issuer": item["issuer"],
            "place": item["place"],
            "date_issued": date,
            "effective_date": datetime.date.fromisoformat(item["effective"]),
            "subject": item["subject"],
            "source_note": item["source_note"],
        }
        replaced[item["number"]], _ = upsert_page(index, DecisionPage, decision_slug(item["number"], date), fields)

    decisions = list(replaced.values())
    for name in data["decision_files"]:
        parsed = parse_decision((DEMO_DIR / name).read_text(encoding="utf-8"))
        fields = {
            "title": f"{parsed.document_type} số {parsed.number}",
            "document_type": parsed.document_type,
            "number": parsed.number,
            "issuer": parsed.issuer,
            "place": parsed.place,
            "date_issued": parsed.date_issued,
            "effective_date": parsed.effective_date,
            "subject": parsed.subject,
            "authority_heading": parsed.authority_heading,
            "replaces": replaced.get(parsed.replaces_number),
            "preamble": parsed.preamble,
            "articles": parsed.articles,
            "closing": parsed.closing,
            "source_note": parsed.source_note,
            "search_description": parsed.subject,
        }
        page, _ = upsert_page(index, DecisionPage, decision_slug(parsed.number, parsed.date_issued), fields)
        decisions.append(page)
    return decisions


def load_guidance(home: HomePage) -> list[GuidancePage]:
    data = load_json("guidance.json")
    index, _ = upsert_page(
        home,
        GuidanceIndexPage,
        data["index"]["slug"],
        {"title": data["index"]["title"], "intro": data["index"]["intro"], "show_in_menus": True},
    )
    pages = []
    for item in data["pages"]:
        ids = StableIds(f"guidance/{item['slug']}")
        body = [ids.block(block["type"], block["value"]) for block in item["body"]]
        fields = {
            "title": item["title"],
            "summary": item["summary"],
            "search_description": item.get("search_description", ""),
            "body": body,
        }
        page, _ = upsert_page(index, GuidancePage, item["slug"], fields)
        pages.append(page)
    return pages


def load_information(home: HomePage) -> dict[str, InformationPage]:
    """The contact page, the accessibility statement and the privacy policy, by the settings field
    that links the footer to each ("contact_page", ...)."""
    data = load_json("information.json")
    pages = {}
    for item in data["pages"]:
        ids = StableIds(f"information/{item['slug']}")
        fields = {
            "title": item["title"],
            "summary": item["summary"],
            "search_description": item.get("search_description", ""),
            "body": [ids.block(block["type"], block["value"]) for block in item["body"]],
        }
        pages[item["footer_link"]], _ = upsert_page(home, InformationPage, item["slug"], fields)
    return pages


def save_settings(data: dict, footer_pages: dict[str, Page]) -> None:
    """Who runs the portal (site.json) and the pages the footer links to; saved only when changed."""
    settings = PortalSettings.load()
    values = {**data["settings"], **{f"{name}_id": page.pk for name, page in footer_pages.items()}}
    if any(getattr(settings, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()


DEMO_USERS = [
    # username, password, first name, group (None: superuser), what the account is for
    ("admin", "admin-demo-2853", "Quản trị", None, "administrator"),
    ("bientap", "bientap-demo-2853", "Biên tập viên", EDITORS_GROUP, "editor"),
    ("kiemduyet", "kiemduyet-demo-2853", "Người kiểm duyệt", MODERATORS_GROUP, "moderator"),
]


def ensure_users() -> list[tuple[str, str, str]]:
    """Demo accounts: an administrator, an editor and a moderator (Wagtail's own groups)."""
    user_model = get_user_model()
    accounts = []
    for username, password, first_name, group_name, role in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username, defaults={"first_name": first_name})
        user.is_staff = True
        user.is_superuser = group_name is None
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        accounts.append((username, password, role))
    return accounts


def load_demo_content(log: Callable[[str], None] = lambda message: None) -> list[tuple[str, str, str]]:
    """Builds or refreshes the whole demo site; returns the demo accounts."""
    data = load_json("site.json")
    home = ensure_home(data)
    log(f"Home page: {home.title}")
    index, _ = upsert_page(
        home,
        DecisionIndexPage,
        data["decision_index"]["slug"],
        {"title": data["decision_index"]["title"], "intro": data["decision_index"]["intro"], "show_in_menus": True},
    )
    for decision in load_decisions(index, data):
        log(f"Decision: {decision.title}")
    for guidance in load_guidance(home):
        log(f"Guidance: {guidance.title}")
    information = load_information(home)
    for page in information.values():
        log(f"Information: {page.title}")
    save_settings(data, information)
    return ensure_users()
