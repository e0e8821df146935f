"""``manage.py restore ARCHIVE``: puts an archive made by ``manage.py backup`` back (portal.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restores an archive made by manage.py backup into a database just made by manage.py migrate and empty "
        "storages (or replaces everything with --force), checking every checksum. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive made by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the database or the storages hold data: every row is replaced, files of the "
            "same name are replaced, other files are left.",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            result = restore_backup(archive, force=force, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.leftover_files:
            held = ", ".join(f"{alias}: {count}" for alias, count in result.leftover_files.items())
            self.stdout.write(_("Files not in the archive were left in the storages (%(held)s).") % {"held": held})
        self.stdout.write(
            self.style.SUCCESS(
                _("Restore done: %(rows)s rows, %(files)s files written, %(kept)s already there.")
                % {"rows": result.rows, "files": result.files, "kept": result.files_kept}
            )
        )
