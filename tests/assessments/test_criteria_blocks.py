"""Criteria blocks refuse definitions that cannot score, and CriteriaSetPage's place in the page tree.

Block errors are checked where the editor sees them: on the field to fix
(``block_errors``) or above the indicator or the whole stream (``non_block_errors``).
The admin tests post the edit form the way the browser does; StreamField inputs
are drawn by JavaScript, so their form data is written out here.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from assessments.blocks import CriteriaStreamBlock, IndicatorBlock
from assessments.definitions.rules import indicator_problems
from assessments.models import CriteriaSetPage
from home.models import DecisionIndexPage, DecisionPage, GuidancePage, HomePage
from tests.factories.assessments import AgencyLevelFactory, CriteriaSetPageFactory, groups_data, indicator
from tests.factories.home import DecisionIndexPageFactory, DecisionPageFactory, HomePageFactory


def messages_of(error) -> list[str]:
    """Every message of a (nested) block validation error, flattened."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)
        elif node is not None:
            found.append(str(node))

    walk(error.as_json_data())
    return found


def clean_indicator(raw: dict):
    block = IndicatorBlock()
    return block.clean(block.to_python(raw))


def refused_indicator(raw: dict) -> StructBlockValidationError:
    with translation.override("en"), pytest.raises(StructBlockValidationError) as caught:
        clean_indicator(raw)
    return caught.value


# --- IndicatorBlock.clean -------------------------------------------------------------------


def test_a_valid_indicator_passes():
    raw = indicator(
        "1.1",
        "LEVELS",
        40,
        options=[
            {"label": "Ban hành trước ngày 31/01", "fraction": "1"},
            {"label": "Ban hành sau ngày 31/01", "fraction": "0.5"},
        ],
    )
    value = clean_indicator(raw)
    assert value["code"] == "1.1"
    assert value["max_points"] == Decimal(40)
    assert [option["fraction"] for option in value["options"]] == [Decimal(1), Decimal("0.5")]


@pytest.mark.parametrize(
    "raw",
    [
        indicator("1.1", "BIN", 30),
        indicator("1.2", "RATIO", 40, numerator_label="a", denominator_label="b", when_denominator_zero="full"),
        indicator("1.3", "TIERS", 50, tiers=[{"threshold": "2", "points": "50"}, {"threshold": "1", "points": "30"}]),
        indicator("1.4", "TARGET", 60, target="2"),
        indicator("1.5", "MINMAX", 50),
        indicator("1.6", "MANUAL", 20),
        indicator("1.7", "INFO", 0),
    ],
    ids=lambda raw: raw["method"],
)
def test_valid_indicators_of_each_method_pass(raw):
    assert clean_indicator(raw)["method"] == raw["method"]


def test_levels_fraction_above_one_is_refused_beside_the_fraction():
    raw = indicator(
        "1.1",
        "LEVELS",
        40,
        options=[{"label": "Trước 31/01", "fraction": "1.5"}, {"label": "Không", "fraction": "0"}],
    )
    error = refused_indicator(raw)
    # The DecimalBlock's own bound (max_value=1) catches it on the first option's fraction.
    assert "options" in error.block_errors
    options_error = error.block_errors["options"]
    assert isinstance(options_error, ListBlockValidationError)
    assert 0 in options_error.block_errors
    assert "fraction" in options_error.block_errors[0].block_errors
    assert any("1" in message for message in messages_of(error))


def test_levels_fraction_above_one_is_refused_by_the_rules_too():
    # Whatever the block layer lets through, the shared rule names the option.
    raw = indicator(
        "1.1", "LEVELS", 40, options=[{"label": "Trước 31/01", "fraction": 1.5}, {"label": "Không", "fraction": 0}]
    )
    with translation.override("en"):
        problems = indicator_problems(raw)
    assert [problem.field for problem in problems] == ["options"]
    assert "Trước 31/01" in problems[0].message
    assert "between 0 and 1" in problems[0].message


def test_tier_above_max_points_is_refused():
    raw = indicator("5.3", "TIERS", 50, tiers=[{"threshold": "2", "points": "60"}, {"threshold": "1", "points": "30"}])
    error = refused_indicator(raw)
    messages = list(error.non_block_errors)
    assert any("5.3" in message and "60" in message and "50" in message for message in messages), messages


def test_ratio_without_labels_is_refused_on_both_label_fields():
    error = refused_indicator(indicator("1.2", "RATIO", 40, when_denominator_zero="zero"))
    assert set(error.block_errors) >= {"numerator_label", "denominator_label"}
    assert "1.2" in error.block_errors["numerator_label"].messages[0]
    assert "numerator" in error.block_errors["numerator_label"].messages[0]


def test_ratio_tiers_without_labels_are_refused():
    raw = indicator("6.4", "TIERS", 50, tier_input="ratio", tiers=[{"threshold": "50", "points": "50"}])
    error = refused_indicator(raw)
    assert set(error.block_errors) >= {"numerator_label", "denominator_label"}


def test_target_without_target_is_refused_on_the_target_field():
    error = refused_indicator(indicator("4.1", "TARGET", 60, target=None))
    assert list(error.block_errors) == ["target"]
    assert "4.1" in error.block_errors["target"].messages[0]
    assert "target above 0" in error.block_errors["target"].messages[0]


def test_target_of_zero_is_refused():
    error = refused_indicator(indicator("4.1", "TARGET", 60, target="0"))
    assert "target" in error.block_errors


def test_info_with_points_is_refused_on_max_points():
    error = refused_indicator(indicator("6.5", "INFO", 5))
    assert list(error.block_errors) == ["max_points"]
    assert "not scored" in error.block_errors["max_points"].messages[0]


def test_scored_indicator_without_points_is_refused():
    error = refused_indicator(indicator("1.1", "BIN", 0))
    assert "max_points" in error.block_errors


# --- CriteriaStreamBlock.clean --------------------------------------------------------------


def clean_stream(raw: list):
    block = CriteriaStreamBlock()
    return block.clean(block.to_python(raw))


def test_a_valid_stream_passes():
    raw = groups_data([("1", "Nhóm 1", [indicator("1.1")]), ("2", "Nhóm 2", [indicator("2.1")])])
    value = clean_stream(raw)
    assert [child.value["code"] for child in value] == ["1", "2"]


def test_duplicate_indicator_codes_across_groups_are_refused():
    raw = groups_data([("1", "Nhóm 1", [indicator("1.1")]), ("2", "Nhóm 2", [indicator("1.1")])])
    with translation.override("en"), pytest.raises(StreamBlockValidationError) as caught:
        clean_stream(raw)
    messages = list(caught.value.non_block_errors)
    assert messages == ["Two indicators have the code 1.1."]


def test_duplicate_group_codes_are_refused():
    raw = groups_data([("1", "Nhóm 1", [indicator("1.1")]), ("1", "Nhóm 1 bis", [indicator("1.2")])])
    with translation.override("en"), pytest.raises(StreamBlockValidationError) as caught:
        clean_stream(raw)
    assert any("groups have the code 1" in str(error) for error in caught.value.non_block_errors)


def test_group_declared_max_must_match_its_indicators():
    raw = groups_data([("1", "Nhóm 1", [indicator("1.1", max_points=10), indicator("1.2", max_points=20)])])
    raw[0]["value"]["max_points"] = "40"
    with translation.override("en"), pytest.raises(StreamBlockValidationError) as caught:
        clean_stream(raw)
    assert any("declares 40" in str(error) and "30" in str(error) for error in caught.value.non_block_errors)


def test_an_invalid_indicator_in_the_stream_is_refused_where_it_is():
    bad = indicator("1.2", "INFO", 5)
    raw = groups_data([("1", "Nhóm 1", [indicator("1.1"), bad])])
    with translation.override("en"), pytest.raises(StreamBlockValidationError) as caught:
        clean_stream(raw)
    # group 0 -> indicators -> child 1 -> max_points
    group_error = caught.value.block_errors[0]
    indicators_error = group_error.block_errors["indicators"]
    assert "max_points" in indicators_error.block_errors[1].block_errors


# --- CriteriaSetPage.clean ------------------------------------------------------------------


def test_page_refuses_last_year_before_first(criteria_set):
    criteria_set.year_to = criteria_set.year_from - 1
    with pytest.raises(ValidationError) as caught:
        criteria_set.clean()
    assert "year_to" in caught.value.message_dict


# --- Page tree and the admin ----------------------------------------------------------------


def listblock(items: list) -> dict:
    """ListBlock form data, the counterpart of ``streamfield`` for list items."""
    data = {str(index): {"value": value, "deleted": "", "order": str(index)} for index, value in enumerate(items)}
    data["count"] = str(len(items))
    return data


def indicator_form(raw: dict) -> dict:
    """The form data of one IndicatorBlock (multi-valued fields are added by ``criteria_form_data``)."""
    return {
        "code": raw["code"],
        "title": raw["title"],
        "max_points": str(raw["max_points"]),
        "unit": raw.get("unit") or "",
        "method": raw["method"],
        "options": listblock(
            [{"label": option["label"], "fraction": str(option["fraction"])} for option in raw.get("options", [])]
        ),
        "tier_input": raw.get("tier_input") or "count",
        "tiers": listblock(
            [{"threshold": str(tier["threshold"]), "points": str(tier["points"])} for tier in raw.get("tiers", [])]
        ),
        "numerator_label": raw.get("numerator_label") or "",
        "denominator_label": raw.get("denominator_label") or "",
        "when_denominator_zero": raw.get("when_denominator_zero") or "zero",
        "target": "" if raw.get("target") is None else str(raw["target"]),
        "evidence_description": raw.get("evidence_description") or "",
        "data_source": raw.get("data_source") or "",
        "guidance": rich_text(raw.get("guidance") or ""),
    }


def criteria_form_data(
    page: CriteriaSetPage, groups: list[tuple[str, str, list[dict]]], levels: list, **fields
) -> dict:
    """Everything the CriteriaSetPage edit form posts."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "appendix": fields.get("appendix", "Phụ lục 4"),
            "max_total": str(fields.get("max_total", 150)),
            "applies_to": "UBND các xã, phường, thị trấn",
            "year_from": "2021",
            "year_to": "",
            "note": "",
            "bands": inline_formset(
                [
                    {"label": "Xuất sắc", "min_percent": "90"},
                    {"label": "Tốt", "min_percent": "75"},
                    {"label": "Yếu", "min_percent": "0"},
                ]
            ),
            "groups": streamfield(
                [
                    (
                        "group",
                        {
                            "code": code,
                            "title": title,
                            "max_points": "",
                            "indicators": streamfield([("indicator", indicator_form(raw)) for raw in indicators]),
                        },
                    )
                    for code, title, indicators in groups
                ]
            ),
        }
    )
    # Multi-valued fields: a list posts as repeated values, which nested_form_data would split into keys.
    data["levels"] = [str(level.pk) for level in levels]
    for group_index, (_code, _title, indicators) in enumerate(groups):
        for index, raw in enumerate(indicators):
            prefix = f"groups-{group_index}-value-indicators-{index}-value-"
            data[prefix + "evidence_kinds"] = list(raw.get("evidence_kinds") or ["file", "document", "url"])
            if raw.get("evidence_required"):
                data[prefix + "evidence_required"] = "on"
            if raw.get("numerator_may_exceed"):
                data[prefix + "numerator_may_exceed"] = "on"
    return data


def valid_groups(fraction: str = "0.5") -> list[tuple[str, str, list[dict]]]:
    """100 + 50 = 150 points, the factory's total."""
    return [
        (
            "1",
            "Môi trường chính sách",
            [
                indicator(
                    "1.1",
                    "LEVELS",
                    40,
                    options=[
                        {"label": "Ban hành trước ngày 31/01", "fraction": "1"},
                        {"label": "Ban hành sau ngày 31/01", "fraction": fraction},
                        {"label": "Không ban hành", "fraction": "0"},
                    ],
                    evidence_required=True,
                    evidence_description="Kế hoạch chuyển đổi số năm",
                ),
                indicator("1.2", "RATIO", 60, numerator_label="Số văn bản ký số", denominator_label="Tổng số văn bản"),
            ],
        ),
        (
            "2",
            "An toàn thông tin",
            [
                indicator(
                    "2.1", "TIERS", 50, tiers=[{"threshold": "2", "points": "50"}, {"threshold": "1", "points": "30"}]
                )
            ],
        ),
    ]


class CriteriaSetPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        Site.objects.update(root_page=cls.home)
        cls.decisions = DecisionIndexPageFactory(parent=cls.home)
        cls.decision = DecisionPageFactory(parent=cls.decisions, number="2853/QĐ-UBND")
        cls.level = AgencyLevelFactory(code="commune", name="UBND cấp xã")
        cls.criteria_set = CriteriaSetPageFactory(parent=cls.decision, levels=[cls.level])

    def setUp(self):
        self.login()
        # Start from a cleanly published page (CriteriaSetPageFactory's last save leaves
        # live_revision empty and has_unpublished_changes set).
        self.criteria_set.get_latest_revision().publish()
        self.criteria_set.refresh_from_db()

    def form_data(self, page, groups=None, **fields):
        return criteria_form_data(page, groups or valid_groups(), [self.level], **fields)

    def test_parent_is_only_a_decision(self):
        self.assertAllowedParentPageTypes(CriteriaSetPage, {DecisionPage})
        self.assertAllowedSubpageTypes(CriteriaSetPage, set())
        self.assertCanCreateAt(DecisionPage, CriteriaSetPage)
        # The only page type an editor can add under a decision is a criteria set.
        creatable = {model for model in DecisionPage.allowed_subpage_models() if model.is_creatable}
        self.assertEqual(creatable, {CriteriaSetPage})
        for parent in (HomePage, DecisionIndexPage, GuidancePage, CriteriaSetPage):
            with self.subTest(parent=parent.__name__):
                self.assertCanNotCreateAt(parent, CriteriaSetPage)

    def test_decision_accepts_criteria_sets(self):
        self.assertIn(CriteriaSetPage, DecisionPage.allowed_subpage_models())
        self.assertIn(CriteriaSetPage, DecisionPage.creatable_subpage_models())
        self.assertTrue(CriteriaSetPage.can_create_at(self.decision))
        self.assertFalse(CriteriaSetPage.can_create_at(self.decisions))

    def test_renders_edits_and_previews(self):
        data = self.form_data(self.criteria_set)
        self.assertPageIsRenderable(self.criteria_set)
        self.assertPageIsEditable(self.criteria_set, post_data=data)
        self.assertPageIsPreviewable(self.criteria_set, post_data=data)

    def test_create_under_a_decision_through_the_admin(self):
        page = CriteriaSetPage(title="Bộ tiêu chí cấp xã 2022", slug="bo-tieu-chi-xa-2022")
        self.assertCanCreate(self.decision, CriteriaSetPage, self.form_data(page))
        created = CriteriaSetPage.objects.get(slug="bo-tieu-chi-xa-2022")
        self.assertEqual(created.get_parent().specific, self.decision)
        self.assertEqual(list(created.levels.all()), [self.level])
        self.assertEqual([band.label for band in created.bands.all()], ["Xuất sắc", "Tốt", "Yếu"])
        self.assertEqual([child.value["code"] for child in created.groups], ["1", "2"])
        indicators = [i.value for i in created.groups[0].value["indicators"]]
        self.assertEqual(indicators[0]["options"][1]["fraction"], Decimal("0.5"))
        self.assertTrue(indicators[0]["evidence_required"])
        # The stored definition scores.
        self.assertEqual(created.scoring.indicator("2.1").tiers[-1].points, Decimal(50))

    def edit(self, data):
        path = reverse("wagtailadmin_pages:edit", kwargs={"page_id": self.criteria_set.pk})
        return self.client.post(path, {**data, "action-publish": "action-publish"})

    def test_admin_refuses_an_invalid_fraction_and_publishes_the_fixed_one(self):
        page = self.criteria_set
        revisions_before = page.revisions.count()
        published_before = page.live_revision_id

        with translation.override("en"):
            response = self.edit(self.form_data(page, valid_groups(fraction="1.5")))
        self.assertEqual(response.status_code, 200)  # the form comes back, nothing is saved
        form = response.context["form"]
        self.assertIn("groups", form.errors)
        self.assertIn(b"could not be", response.content)
        # The error is sent to the StreamField widget beside the fraction.
        self.assertIn(b"less than or equal to 1", response.content)
        fraction_error = form.errors["groups"].as_data()[0]
        with translation.override("en"):
            self.assertIn("less than or equal to 1", " ".join(messages_of(fraction_error)))
        page.refresh_from_db()
        self.assertEqual(page.revisions.count(), revisions_before)
        self.assertEqual(page.live_revision_id, published_before)
        self.assertFalse(page.has_unpublished_changes)
        self.assertEqual(page.specific.groups.raw_data, self.criteria_set.groups.raw_data)

        response = self.edit(self.form_data(page, valid_groups(fraction="0.5")))
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.revisions.count(), revisions_before + 1)
        self.assertNotEqual(page.live_revision_id, published_before)
        self.assertFalse(page.has_unpublished_changes)
        live = page.specific
        self.assertEqual([child.value["code"] for child in live.groups], ["1", "2"])
        first = live.groups[0].value["indicators"][0].value
        self.assertEqual(first["options"][1]["fraction"], Decimal("0.5"))

    def test_a_bad_indicator_does_not_also_blame_the_total(self):
        # The editor adds a 40-point indicator with a mistake and raises the total to match:
        # only the mistake is reported, not a total that the stored (old) groups do not reach.
        groups = valid_groups()
        groups[0][2].append(
            indicator(
                "1.9", "LEVELS", 40, options=[{"label": "Có", "fraction": "1.5"}, {"label": "Không", "fraction": "0"}]
            )
        )
        with translation.override("en"):
            response = self.edit(self.form_data(self.criteria_set, groups, max_total=190))
        self.assertEqual(response.status_code, 200)
        self.assertIn("groups", response.context["form"].errors)
        self.assertNotIn("max_total", response.context["form"].errors)

    def test_admin_refuses_a_total_that_does_not_add_up(self):
        with translation.override("en"):
            response = self.edit(self.form_data(self.criteria_set, max_total=200))
        self.assertEqual(response.status_code, 200)
        self.assertIn("max_total", response.context["form"].errors)
        self.assertIn("not the declared total of 200", str(response.context["form"].errors["max_total"]))
