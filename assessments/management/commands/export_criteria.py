from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.criteria.files import export_json
from assessments.models import CriteriaSetPage
from home.models import DecisionPage


class Command(BaseCommand):
    help = "Writes the published criteria sets of a decision as a JSON interchange document."

    def add_arguments(self, parser):
        parser.add_argument("--decision", required=True, help='the decision number, e.g. "2853/QĐ-UBND"')
        parser.add_argument("-o", "--output", help="file to write; standard output when absent")

    def handle(self, *args, **options):
        decision = DecisionPage.objects.filter(number=options["decision"]).first()
        if decision is None:
            raise CommandError(_("There is no decision numbered %(number)s.") % {"number": options["decision"]})
        pages = list(CriteriaSetPage.objects.child_of(decision).live().order_by("path"))
        if not pages:
            raise CommandError(
                _("Decision %(number)s has no published criteria set.") % {"number": options["decision"]}
            )
        body = export_json(pages)
        if options["output"]:
            Path(options["output"]).write_bytes(body)
        else:
            self.stdout.write(body.decode("utf-8"))
