"""``manage.py backup ARCHIVE``: the database's rows and every stored file in one archive (portal.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Writes one .tar.gz archive with every row of every model (sessions and the search index left out) "
        "and every file of the media and evidence storages, with a manifest of checksums. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive to write (.tar.gz); must not exist yet.")

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = create_backup(archive, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = archive.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: %(path)s (%(size)s bytes, %(files)s files).")
                % {"path": archive, "size": size, "files": len(manifest["files"])}
            )
        )
