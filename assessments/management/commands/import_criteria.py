from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.criteria.files import import_into_decision, read_json_bytes
from assessments.definitions.json_format import CriteriaFormatError
from home.models import DecisionPage


class Command(BaseCommand):
    help = (
        "Imports a criteria document (JSON interchange format) under a decision. Each set becomes a new draft "
        "revision of the decision's set for that level, or a new draft set; an editor reviews and publishes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--decision", required=True, help='the decision number, e.g. "2853/QĐ-UBND"')
        parser.add_argument("--level", action="append", help="import only this level (repeatable)")

    def handle(self, *args, **options):
        decision = DecisionPage.objects.filter(number=options["decision"]).first()
        if decision is None:
            raise CommandError(_("There is no decision numbered %(number)s.") % {"number": options["decision"]})
        try:
            with open(options["file"], "rb") as handle:
                definitions = read_json_bytes(handle.read())
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": options["file"], "reason": error.strerror}
            ) from error
        except CriteriaFormatError as error:
            raise CommandError(str(error)) from error
        if options["level"]:
            unknown = set(options["level"]) - set(definitions)
            if unknown:
                raise CommandError(
                    _("The file has no criteria set for: %(levels)s.") % {"levels": ", ".join(sorted(unknown))}
                )
            definitions = {level: definitions[level] for level in options["level"]}
        try:
            with transaction.atomic():
                pages = import_into_decision(decision, definitions)
        except CriteriaFormatError as error:
            raise CommandError(str(error)) from error
        for page in pages:
            self.stdout.write(_("Draft saved: %(title)s (page %(id)s)") % {"title": page.title, "id": page.pk})
