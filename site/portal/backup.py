"""Backup and restore of the whole portal: every row of every model and every stored file, in one archive.

The archive is a gzip-compressed tar file:

``data/<app>.<model>.json``
    the rows of one model, in Django's serialization format (what ``dumpdata`` writes), primary keys
    included. Keeping the keys, content types and permissions included, makes the archive restore the
    same on SQLite and on PostgreSQL: ``migrate`` creates content types and permissions with keys of its
    own, so the restore empties every table first and puts the archive's rows back with their keys, and
    every reference to a content type (pages, revisions, permissions, logs) still points at the right one.
``files/<storage>/<name>``
    every file of every storage alias in ``settings.STORAGES`` except ``staticfiles`` (built from the code):
    ``default`` (Wagtail's images, renditions and documents) and ``evidence`` (agencies' evidence and
    generated files). Files are read and written only through the storage API, so a storage may be a
    folder or a bucket.
``manifest.json``
    each member's size and SHA-256, the row count per model, the applied migrations and who made it when.

Left out, on purpose: the sessions (live login tokens: a stolen archive must not sign anyone in, and a
restored site asks everyone to log in again) and Wagtail's search index (derived from the pages, rebuilt
by the restore). See docs/backup.md.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import platform
import tarfile
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
BATCH = 500

# Storages built from the code, not data: `collectstatic` makes them again.
SKIPPED_STORAGES = frozenset({"staticfiles"})

# Models left out of the archive, and why (said in the manifest too).
EXCLUDED_MODELS = {
    "sessions.session": "live login tokens: a stolen archive must not sign anyone in; users log in again",
}
# Every model of these apps is derived data, rebuilt after a restore.
EXCLUDED_APPS = {
    "wagtailsearch": "the search index: derived from the pages, rebuilt by the restore (update_index)",
}

# What `migrate` itself puts in a new database (content types, permissions, Wagtail's root and welcome
# pages, default site, collection, groups and workflow): a database holding rows of these models only, no
# user and at most MIGRATE_PAGES pages, counts as empty.
MIGRATE_SEEDED = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "auth.group",
        "auth.group_permissions",
        "wagtailcore.locale",
        "wagtailcore.site",
        "wagtailcore.collection",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.grouppagepermission",
        "wagtailcore.page",
        "wagtailcore.workflow",
        "wagtailcore.workflowtask",
        "wagtailcore.workflowpage",
        "wagtailcore.task",
        "wagtailcore.groupapprovaltask",
        "wagtailcore.groupapprovaltask_groups",
    }
)
MIGRATE_PAGES = 2

Log = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message (Vietnamese) says why and what to do."""


# --- What is backed up -------------------------------------------------------------------------------------


def excluded_models() -> dict[str, str]:
    """Label of each installed model left out of the archive, with the reason."""
    excluded = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        reason = EXCLUDED_MODELS.get(label) or EXCLUDED_APPS.get(model._meta.app_label)
        if reason:
            excluded[label] = reason
    return excluded


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every model with a table of its own in the database (many-to-many tables included), by label."""
    skipped = excluded_models()
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in skipped
        and router.allow_migrate_model(using, model)
    ]
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def file_storages() -> dict[str, Storage]:
    """Every storage alias that holds data, by alias."""
    return {alias: storages[alias] for alias in settings.STORAGES if alias not in SKIPPED_STORAGES}


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Names of every file in a storage, through its API only (a folder or a bucket alike), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        # A storage nobody has written to yet (a media folder not made) holds no file.
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for sub in sorted(folders):
        yield from walk(storage, prefix + sub)


def storage_files() -> dict[str, list[str]]:
    """Names of the files in each storage, by alias."""
    return {alias: list(walk(storage)) for alias, storage in file_storages().items()}


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations applied to the database, by app, sorted."""
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def portal_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def sha256_of(stream: IO[bytes]) -> tuple[int, str]:
    """Size and SHA-256 of what is left to read in a stream."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class _HashingReader(io.RawIOBase):
    """Reads a stream once, for tarfile, while counting and hashing what passes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: it cuts them to milliseconds (ECMA-262)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


# --- Backup -------------------------------------------------------------------------------------------------


def _serialize_model(model: type[models.Model], target: Path, using: str) -> int:
    """Writes a model's rows (local concrete columns, primary key included) as Django JSON; returns the count.

    Only the model's own columns: many-to-many rows are their own models here, and a page type's rows
    hold its own fields, the shared ones being wagtailcore.page's.
    """
    names = [f.name for f in model._meta.local_concrete_fields if not f.primary_key]
    count = 0

    def rows() -> Iterator[models.Model]:
        nonlocal count
        for row in model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000):
            count += 1
            yield row

    with target.open("w", encoding="utf-8") as stream:
        serializers.serialize("json", rows(), fields=names, stream=stream, cls=ExactJSONEncoder)
    return count


def _add_member(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    reader = _HashingReader(source)
    archive.addfile(info, reader)
    return {"member": name, "size": reader.size, "sha256": reader.digest.hexdigest()}


def create_backup(path: Path, *, log: Log, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Writes the archive at ``path`` (refused if it exists) and returns its manifest.

    The rows are read in one read-only transaction (a repeatable-read snapshot on PostgreSQL), then the
    files are listed: a file saved after its row is written, so every row read has its file already.
    The archive is written beside the target under another name and renamed at the end, so a failed
    backup leaves no half archive behind.
    """
    path = Path(path)
    if path.exists():
        raise BackupError(_("The file %(path)s already exists; choose another name.") % {"path": path})
    connection = connections[using]
    partial = path.with_name(path.name + ".partial")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "made_by": {
            "command": "manage.py backup",
            "portal": portal_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "python": platform.python_version(),
            "database": connection.vendor,
        },
        "excluded_models": excluded_models(),
    }
    try:
        with tempfile.TemporaryDirectory(prefix="portal-backup-") as work, tarfile.open(partial, "w:gz") as archive:
            rows: dict[str, Any] = {}
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if outermost and connection.vendor == "postgresql":
                    # One snapshot for every table: READ COMMITTED would see rows committed between tables.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                applied = applied_migrations(using)
                for model in backed_up_models(using):
                    label = model._meta.label_lower
                    data = Path(work) / f"{label}.json"
                    count = _serialize_model(model, data, using)
                    with data.open("rb") as stream:
                        entry = _add_member(archive, f"data/{label}.json", stream, data.stat().st_size)
                    data.unlink()
                    rows[label] = {"rows": count, **entry}
                named = referenced_files(using)
            manifest["migrations"] = {app_label: names[-1] for app_label, names in applied.items()}
            manifest["applied_migrations"] = applied
            manifest["models"] = rows
            log(_("%(rows)s rows of %(models)s models written.") % {"rows": _sum_rows(rows), "models": len(rows)})

            files: list[dict[str, Any]] = []
            for alias, storage in file_storages().items():
                for name in walk(storage):
                    with storage.open(name, "rb") as stream:
                        entry = _add_member(archive, f"files/{alias}/{name}", stream, storage.size(name))
                    files.append({"storage": alias, "name": name, **entry})
            manifest["files"] = files
            log(_("%(count)s files written.") % {"count": len(files)})
            stored = {(entry["storage"], entry["name"]) for entry in files}
            for alias, name in sorted(named - stored):
                log(
                    _("Warning: %(name)s (storage %(storage)s) is named by a row but is not in the storage.")
                    % {"name": name, "storage": alias}
                )

            content = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(content), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(content))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _sum_rows(rows: dict[str, Any]) -> int:
    return sum(entry["rows"] for entry in rows.values())


def _storage_alias(storage: Storage, aliases: dict[int, str]) -> str | None:
    """The alias a field's storage is, seen through a lazy proxy (``default_storage``, the evidence storage)."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:  # type: ignore[attr-defined]
            storage._setup()  # type: ignore[attr-defined]
        storage = storage._wrapped  # type: ignore[attr-defined]
    return aliases.get(id(storage))


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> set[tuple[str, str]]:
    """(alias, name) of every file a row names: evidence, images, renditions, documents, uploads."""
    aliases = {id(storage): alias for alias, storage in file_storages().items()}
    named = set()
    for model in backed_up_models(using):
        for model_field in model._meta.local_concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            alias = _storage_alias(model_field.storage, aliases)
            if alias is None:
                continue
            names = (
                model._base_manager.using(using)
                .exclude(**{model_field.name: ""})
                .values_list(model_field.name, flat=True)
            )
            named.update((alias, name) for name in names if name)
    return named


# --- Reading an archive -------------------------------------------------------------------------------------


@dataclass
class Archive:
    """An archive unpacked into a work folder, every member checked against the manifest."""

    manifest: dict[str, Any]
    members: dict[str, Path] = field(default_factory=dict)

    def records(self, label: str) -> list[dict[str, Any]]:
        entry = self.manifest["models"][label]
        with self.members[entry["member"]].open(encoding="utf-8") as stream:
            return json.load(stream)


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name


def read_archive(path: Path, work: Path) -> Archive:
    """Unpacks ``path`` into ``work`` (member by member, under numbered names) and checks it whole.

    Refused: an unreadable archive, a member the manifest does not list, a listed member missing, a
    size or SHA-256 that differs from the manifest's, a file name leading out of its storage.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("The archive %(path)s does not exist.") % {"path": path})
    found: dict[str, tuple[Path, int, str]] = {}
    try:
        with tarfile.open(path, "r|*") as archive:
            for number, member in enumerate(archive):
                if not member.isfile():
                    raise BackupError(_("The archive holds %(name)s, which is not a file.") % {"name": member.name})
                target = work / f"{number:06d}"
                stream = archive.extractfile(member)
                assert stream is not None
                with target.open("wb") as out:
                    reader = _HashingReader(stream)
                    while chunk := reader.read(CHUNK):
                        out.write(chunk)
                found[member.name] = (target, reader.size, reader.digest.hexdigest())
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from error
    if MANIFEST not in found:
        raise BackupError(_("The archive has no manifest: it was not made by manage.py backup."))
    try:
        manifest = json.loads(found[MANIFEST][0].read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(_("The archive's manifest cannot be read.")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("The archive's format (%(format)s) is not one this version reads.") % {"format": manifest.get("format")}
        )

    listed = list(manifest["models"].values()) + manifest["files"]
    for entry in manifest["files"]:
        if not _safe_name(entry["name"]) or entry["member"] != f"files/{entry['storage']}/{entry['name']}":
            raise BackupError(_("The archive names a file outside its storage: %(name)s.") % {"name": entry["name"]})
    expected = {entry["member"] for entry in listed}
    unlisted = sorted(set(found) - expected - {MANIFEST})
    if unlisted:
        raise BackupError(_("The archive holds %(name)s, which its manifest does not list.") % {"name": unlisted[0]})
    for entry in listed:
        if entry["member"] not in found:
            raise BackupError(_("%(name)s is missing from the archive.") % {"name": entry["member"]})
        _target, size, digest = found[entry["member"]]
        if size != entry["size"] or digest != entry["sha256"]:
            raise BackupError(
                _("%(name)s in the archive does not match its checksum: the archive is damaged or was altered.")
                % {"name": entry["member"]}
            )
    return Archive(manifest=manifest, members={name: found[name][0] for name in expected})


# --- Checks before a restore ---------------------------------------------------------------------------------


def check_migrations(manifest: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> None:
    """The database must be fully migrated, to the same migrations as the archive's database.

    A newer archive holds columns this code does not know; an older one lacks what later migrations
    changed in the data. Either is refused, saying which version made the archive.
    """
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(_("The database is not fully migrated: run manage.py migrate first."))
    archived = {(app_label, name) for app_label, names in manifest["applied_migrations"].items() for name in names}
    unknown = sorted(archived - set(executor.loader.disk_migrations))
    version = manifest["made_by"].get("portal", "?")
    if unknown:
        raise BackupError(
            _(
                "The archive was made by a newer version of the portal (%(version)s): it has the migration "
                "%(migration)s, which this code does not have. Restore it with that version or a later one."
            )
            % {"version": version, "migration": ".".join(unknown[0])}
        )
    current = {key for key, _value in executor.loader.applied_migrations.items()}
    older = sorted(current - archived)
    if older:
        raise BackupError(
            _(
                "The archive was made by an older version of the portal (%(version)s), before the migration "
                "%(migration)s. Restore it with that version, then upgrade and run manage.py migrate."
            )
            % {"version": version, "migration": ".".join(older[0])}
        )


def database_contents(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What the database holds beyond what `migrate` creates ("model: N rows"); empty when it is empty."""
    found = []
    user_model = get_user_model()
    for model in backed_up_models(using):
        label = model._meta.label_lower
        count = model._base_manager.using(using).count()
        seeded = label in MIGRATE_SEEDED and (label != "wagtailcore.page" or count <= MIGRATE_PAGES)
        if count and (model is user_model or not seeded):
            found.append(f"{label}: {count}")
    return found


def storages_contents() -> dict[str, int]:
    """Number of files in each storage that holds any."""
    counts = {alias: len(names) for alias, names in storage_files().items()}
    return {alias: count for alias, count in counts.items() if count}


# --- Restore -------------------------------------------------------------------------------------------------


def _column_values(model: type[models.Model], record: dict[str, Any], connection) -> list[Any]:
    """One serialized row as the values of the model's columns, converted as Django's deserializer does
    (``to_python``), then prepared for this database (``get_db_prep_save``), without building a model
    instance: a page's ``__init__`` would look up (and create) its content type before it is restored."""
    values = []
    fields_data = record["fields"]
    for model_field in model._meta.local_concrete_fields:
        if model_field.primary_key:
            raw = record["pk"]
        elif model_field.name in fields_data:
            raw = fields_data[model_field.name]
        else:
            raise BackupError(
                _("The archive lacks the column %(field)s of %(model)s.")
                % {"field": model_field.name, "model": model._meta.label_lower}
            )
        converter = model_field.target_field if model_field.is_relation else model_field
        value = None if raw is None else converter.to_python(raw)
        values.append(model_field.get_db_prep_save(value, connection=connection))
    return values


def _load_rows(archive: Archive, model: type[models.Model], connection) -> int:
    records = archive.records(model._meta.label_lower)
    if not records:
        return 0
    quote = connection.ops.quote_name
    columns = [model_field.column for model_field in model._meta.local_concrete_fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(column) for column in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            cursor.executemany(sql, [_column_values(model, record, connection) for record in batch])
    return len(records)


def _empty_database(connection) -> None:
    if connection.vendor == "postgresql":
        # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending in this
        # transaction (rows written earlier in it, as by a caller's own transaction): run them now.
        connection.check_constraints()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    connection.ops.execute_sql_flush(statements)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    rows: int
    files: int
    files_kept: int
    leftover_files: dict[str, int]


def restore_backup(path: Path, *, force: bool, log: Log, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Restores an archive into this database and these storages.

    Nothing changes unless the archive is whole (every member matches the manifest), was made at this
    code's migration state, and the database and storages are empty (see :func:`database_contents`), or
    ``force`` is given. Then, in one transaction, every table is emptied, the archive's rows go in with
    their keys, the sequences are moved past them, the files are written and read back against their
    checksums, and the search index is rebuilt; a failure anywhere rolls the rows back and removes the
    files this restore wrote.
    """
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        archive = read_archive(Path(path), Path(work))
        manifest = archive.manifest
        log(
            _("Archive checked: made %(when)s by version %(version)s.")
            % {"when": manifest["created_at"], "version": manifest["made_by"].get("portal", "?")}
        )
        check_migrations(manifest, using)

        known = {model._meta.label_lower: model for model in backed_up_models(using)}
        absent = sorted(set(manifest["models"]) - set(known))
        if absent:
            raise BackupError(
                _("The archive holds rows of %(model)s, which this code does not have.") % {"model": absent[0]}
            )
        aliases = file_storages()
        unknown_storages = sorted({entry["storage"] for entry in manifest["files"]} - set(aliases))
        if unknown_storages:
            raise BackupError(
                _("The archive holds files of the storage %(storage)s, which is not configured.")
                % {"storage": unknown_storages[0]}
            )
        if not force:
            rows = database_contents(using)
            files = storages_contents()
            if rows or files:
                held = rows + [f"{alias}: {count}" for alias, count in files.items()]
                raise BackupError(
                    _(
                        "The database or the storages are not empty (%(held)s). Restore only into a database "
                        "just made by manage.py migrate and empty storages, or give --force to replace everything."
                    )
                    % {"held": ", ".join(held[:8]) + (" …" if len(held) > 8 else "")}
                )

        written: list[tuple[Storage, str]] = []
        kept = 0
        try:
            with transaction.atomic(using=using):
                ContentType.objects.clear_cache()
                _empty_database(connection)
                total = 0
                for label, entry in manifest["models"].items():
                    loaded = _load_rows(archive, known[label], connection)
                    if loaded != entry["rows"]:
                        raise BackupError(
                            _("%(model)s: %(loaded)s rows read, the manifest says %(rows)s.")
                            % {"model": label, "loaded": loaded, "rows": entry["rows"]}
                        )
                    total += loaded
                statements = connection.ops.sequence_reset_sql(no_style(), list(known.values()))
                if statements:
                    with connection.cursor() as cursor:
                        for statement in statements:
                            cursor.execute(statement)
                log(
                    _("%(rows)s rows of %(models)s models restored.")
                    % {"rows": total, "models": len(manifest["models"])}
                )

                for entry in manifest["files"]:
                    storage, name = aliases[entry["storage"]], entry["name"]
                    if storage.exists(name):
                        with storage.open(name, "rb") as stream:
                            if sha256_of(stream) == (entry["size"], entry["sha256"]):
                                kept += 1
                                continue
                        storage.delete(name)
                    with archive.members[entry["member"]].open("rb") as stream:
                        saved = storage.save(name, File(stream, name=PurePosixPath(name).name))
                    written.append((storage, saved))
                    if saved != name:
                        raise BackupError(
                            _("The storage %(storage)s saved %(name)s under another name (%(saved)s).")
                            % {"storage": entry["storage"], "name": name, "saved": saved}
                        )
                    with storage.open(name, "rb") as stream:
                        if sha256_of(stream) != (entry["size"], entry["sha256"]):
                            raise BackupError(
                                _("%(name)s read back from the storage differs from the archive.") % {"name": name}
                            )
                log(_("%(count)s files written and checked.") % {"count": len(manifest["files"])})
                in_archive = {(entry["storage"], entry["name"]) for entry in manifest["files"]}
                for alias, name in sorted(referenced_files(using) - in_archive):
                    log(
                        _("Warning: %(name)s (storage %(storage)s) is named by a row but is not in the archive.")
                        % {"name": name, "storage": alias}
                    )
                call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise
        finally:
            ContentType.objects.clear_cache()

    leftovers = {
        alias: count
        for alias, names in storage_files().items()
        if (count := sum((alias, name) not in in_archive for name in names))
    }
    return RestoreResult(manifest, total, len(written), kept, leftovers)
