"""`manage.py backup` and `manage.py restore`: an archive of the demo site restored into an empty database and
empty storages gives back every row (values, not counts) and every file (checksums); a damaged, altered,
incomplete or newer archive, or a database that holds data, is refused with nothing changed.

The restore runs as an operator would: `manage.py migrate` and `manage.py restore` in subprocesses, against a
second database (a SQLite file, or a database made for the test on the same PostgreSQL server when the suite
runs on PostgreSQL) and empty storage folders; then both databases are read with plain SQL and compared.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from portal.backup import EXCLUDED_APPS, EXCLUDED_MODELS, MANIFEST, walk

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


# --- Helpers ----------------------------------------------------------------------------------------------


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    """A manage.py command against the target: its own settings from the environment, not the test run's."""
    skipped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "S3_BUCKET", "REDIS_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in skipped}
    environment.update(env)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=300)
    return process.returncode, stdout, stderr


@pytest.fixture
def source_storages(settings, tmp_path):
    """The storages of the site being backed up: empty folders of this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "m"}},
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "e", "base_url": None},
        },
    }
    return tmp_path


def storage_checksums() -> dict[str, dict[str, str]]:
    """SHA-256 of every file of the source's storages, read through the storage API."""
    result: dict[str, dict[str, str]] = {}
    for alias in ("default", "evidence"):
        storage = storages[alias]
        result[alias] = {}
        for name in walk(storage):
            with storage.open(name, "rb") as stream:
                result[alias][name] = hashlib.sha256(stream.read()).hexdigest()
    return result


def folder_checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under a folder of the target, read from the disk (not through the code tested)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def compared_models() -> list:
    excluded = set(EXCLUDED_MODELS)
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in excluded
        and model._meta.app_label not in EXCLUDED_APPS
    ]


def normalized(value, field):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    if isinstance(value, str) and field.get_internal_type() == "JSONField" and connection.vendor == "postgresql":
        # Django's PostgreSQL cursor reads jsonb as text, a plain psycopg cursor as Python values.
        return json.loads(value)
    return value


def table_rows(cursor, model) -> list[tuple]:
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)} ORDER BY {pk}")
    return [tuple(normalized(value, f) for value, f in zip(row, fields, strict=True)) for row in cursor.fetchall()]


@contextmanager
def target_database(tmp_path: Path) -> Iterator[tuple[str, Callable[[], object]]]:
    """An empty second database: (its DATABASE_URL, a function opening a plain DB-API connection to it)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "target.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restore"[:63]
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    url = f"postgres://{quote(server['user'], safe='')}{password}@{server['host']}:{server['port']}/{name}"
    try:
        yield url, lambda: psycopg.connect(dbname=name, **server)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def png() -> bytes:
    stream = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 60)).save(stream, "PNG")
    return stream.getvalue()


def rewritten(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of an archive with members changed (``change`` returns new content, or None to drop one)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            content = change(member.name, old.extractfile(member).read())
            if content is not None:
                member.size = len(content)
                new.addfile(member, io.BytesIO(content))
    return target


# --- The whole site, there and back ------------------------------------------------------------------------


@pytest.fixture
def pinned_cache_cleared():
    """The demo's criteria revisions are cached by id; the ids go with this test's rollback (as in conftest)."""
    from assessments.reporting import services as report_service

    report_service._pinned.cache_clear()
    yield
    report_service._pinned.cache_clear()


def test_the_demo_site_restores_into_an_empty_database_row_for_row_and_file_for_file(
    source_storages, pinned_cache_cleared, tmp_path
):
    target = tmp_path / "target"
    (target / "private").mkdir(parents=True)
    with target_database(tmp_path) as (database_url, connect):
        env = {
            "DATABASE_URL": database_url,
            "PORTAL_VAR_DIR": str(target),
            "PRIVATE_MEDIA_ROOT": str(target / "private"),
        }
        # The target's migrate runs while the demo is built: the machine has two cores.
        migrating = manage("migrate", "--no-input", "-v", "0", env=env)
        try:
            call_command("load_demo_content", stdout=io.StringIO())
            image = Image.objects.create(title="Ảnh thử", file=ContentFile(png(), name="anh.png"))
            image.get_rendition("fill-20x20")
            Document.objects.create(title="Tài liệu", file=ContentFile(b"%PDF-1.4 demo\n", name="tai-lieu.pdf"))
            archive = tmp_path / "site.tar.gz"
            call_command("backup", str(archive), stdout=io.StringIO())
        except BaseException:
            # No migrate left running behind a failed test.
            migrating.kill()
            migrating.wait()
            raise

        code, _out, err = finished(migrating)
        assert code == 0, err
        code, out, err = finished(manage("restore", str(archive), env=env))
        assert code == 0, err
        assert "Khôi phục xong" in out

        # Every file, by checksum: the target's folders read from the disk.
        source_files = storage_checksums()
        assert len(source_files["evidence"]) >= 10
        assert {name.split("/")[0] for name in source_files["default"]} >= {"original_images", "images", "documents"}
        assert folder_checksums(target / "media") == source_files["default"]
        assert folder_checksums(target / "private") == source_files["evidence"]

        # Every row of every model, by value, read with plain SQL on both sides.
        restored = connect()
        try:
            source_cursor, target_cursor = connection.cursor(), restored.cursor()
            tables = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
            compared = 0
            for model in compared_models():
                expected = table_rows(source_cursor, model)
                got = table_rows(target_cursor, model)
                assert len(got) == len(expected), model._meta.label
                for restored_row, source_row in zip(got, expected, strict=True):
                    assert restored_row == source_row, model._meta.label
                tables.discard(model._meta.db_table)
                compared += len(expected)
            # Only the left-out tables are left: the sessions and the search index.
            assert all(table == "django_session" or table.startswith("wagtailsearch_") for table in tables), tables
            assert compared > 13_000

            # The search index is rebuilt, not copied: every page the source finds, the target finds.
            query = "SELECT content_type_id, object_id FROM wagtailsearch_indexentry"
            source_cursor.execute(query)
            target_cursor.execute(query)
            assert set(source_cursor.fetchall()) <= set(target_cursor.fetchall())

            # The keys go on after the restored rows (PostgreSQL's sequences were moved past them).
            target_cursor.execute("INSERT INTO auth_group (name) VALUES ('sau khôi phục')")
            target_cursor.execute("SELECT max(id) FROM auth_group")
            source_cursor.execute("SELECT max(id) FROM auth_group")
            assert target_cursor.fetchone()[0] > source_cursor.fetchone()[0]
            restored.rollback()
        finally:
            restored.close()

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile(MANIFEST))
    assert (
        manifest["models"]["assessments.evidence"]["rows"]
        == connection.cursor().execute("SELECT count(*) FROM assessments_evidence").fetchone()[0]
    )
    assert manifest["migrations"]["assessments"] == manifest["applied_migrations"]["assessments"][-1]
    assert "sessions.session" in manifest["excluded_models"]
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


# --- Refusals ---------------------------------------------------------------------------------------------------


@pytest.fixture
def small_archive(source_storages, tmp_path) -> Path:
    """An archive of a nearly empty site: one account, one evidence file, one document."""
    get_user_model().objects.create_user("can_bo", password="mat-khau-thu")
    storages["evidence"].save("evidence/1/bang-chung.pdf", ContentFile(b"%PDF-1.4 evidence\n"))
    Document.objects.create(title="Tài liệu", file=ContentFile(b"%PDF-1.4 doc\n", name="tai-lieu.pdf"))
    archive = tmp_path / "small.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def state() -> tuple:
    """What a refused restore must leave as it was: every model's rows and every stored file."""
    counts = tuple(model._base_manager.count() for model in compared_models())
    return counts, storage_checksums(), get_user_model().objects.get(username="can_bo").password


def refused(archive: Path) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(archive), stdout=io.StringIO())
    return str(raised.value)


def test_a_database_that_holds_data_is_refused_and_left_as_it_was(small_archive):
    before = state()
    message = refused(small_archive)
    assert "không trống" in message
    assert "auth.user: 1" in message
    assert "--force" in message
    assert state() == before


def test_an_altered_archive_is_refused(small_archive, tmp_path):
    def alter(name: str, content: bytes) -> bytes:
        return content.replace(b"can_bo", b"ke_gia") if name == "data/auth.user.json" else content

    before = state()
    message = refused(rewritten(small_archive, tmp_path / "altered.tar.gz", alter))
    assert "data/auth.user.json" in message
    assert "không khớp" in message
    assert state() == before


def test_a_file_missing_from_the_archive_is_detected(small_archive, tmp_path):
    def drop(name: str, content: bytes) -> bytes | None:
        return None if name == "files/evidence/evidence/1/bang-chung.pdf" else content

    before = state()
    message = refused(rewritten(small_archive, tmp_path / "incomplete.tar.gz", drop))
    assert "files/evidence/evidence/1/bang-chung.pdf" in message
    assert "thiếu" in message
    assert state() == before


def test_a_file_the_manifest_does_not_list_is_refused(small_archive, tmp_path):
    with tarfile.open(small_archive) as old, tarfile.open(tmp_path / "extra.tar.gz", "w:gz") as new:
        for member in old:
            new.addfile(member, old.extractfile(member))
        extra = tarfile.TarInfo("files/evidence/la.pdf")
        extra.size = 3
        new.addfile(extra, io.BytesIO(b"abc"))
    assert "files/evidence/la.pdf" in refused(tmp_path / "extra.tar.gz")


def test_an_archive_from_a_newer_version_is_refused(small_archive, tmp_path):
    def newer(name: str, content: bytes) -> bytes:
        if name != MANIFEST:
            return content
        manifest = json.loads(content)
        manifest["applied_migrations"]["assessments"].append("9999_from_the_future")
        manifest["made_by"]["portal"] = "9.9.9"
        return json.dumps(manifest).encode()

    before = state()
    message = refused(rewritten(small_archive, tmp_path / "newer.tar.gz", newer))
    assert "mới hơn" in message
    assert "9.9.9" in message
    assert "assessments.9999_from_the_future" in message
    assert state() == before


def test_backup_will_not_overwrite_an_archive(small_archive):
    with pytest.raises(CommandError, match="đã tồn tại"):
        call_command("backup", str(small_archive), stdout=io.StringIO())


def test_force_replaces_every_row_keeps_matching_files_and_leaves_others(small_archive):
    get_user_model().objects.create_user("sau_sao_luu")
    storages["evidence"].save("evidence/2/moi.pdf", ContentFile(b"%PDF-1.4 later\n"))
    out = io.StringIO()
    call_command("restore", str(small_archive), "--force", stdout=out)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["can_bo"]
    assert get_user_model().objects.get(username="can_bo").check_password("mat-khau-thu")
    assert "2 tệp đã có sẵn" in out.getvalue()
    assert "evidence: 1" in out.getvalue()
    assert storages["evidence"].exists("evidence/2/moi.pdf")
