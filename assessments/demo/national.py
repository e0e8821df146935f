"""A synthetic data set at national scale, for load tests: ``manage.py generate_national_data``.

On top of the demo (loaded first where missing: levels, criteria sets, periods, the Hà Tĩnh demo and
its results pages) it adds the structure of up to 34 provinces in the two-tier shape of 2025: each
with about 20 departments, about 10 central agencies and about 100 communes (Vietnamese names, the
same for the same seed); an officer and a head for every agency and two appraisers in each province's
appraising department; the closed annual evaluations of the latest ``years`` years, submitted,
appraised, approved and published; and a draft report of every agency in the period open today, for
the deadline rush of the load test (bench/load/).

The portal ranks one province's agencies: here every generated province joins the same cohorts, so a
cohort holds the agencies of the whole country (about 3,400 communes), which is what the results pages
and the API are measured against.

Speed comes from doing the work once and copying it: for each period and level a few template reports
go through the real services (filled in, submitted, appraised and approved as the demo does), and every
other agency's report gets a copy of one template's answers, evidence rows, appraisal round and
decisions with ``bulk_create``. The evidence rows of the copies point at the templates' few stored
files, never at files of their own. Results snapshots are made from those reports by the same code as
an approval (``standing`` and ``snapshot_data``). Publishing each year's results page again is the
command's last step (publications/management/commands/generate_national_data.py): ``assessments``
never imports ``publications``.
"""

from __future__ import annotations

import datetime
import random
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Model
from django.utils import timezone

from assessments.appraisal import decisions
from assessments.demo.appraisals import PROVINCE_RESULTS, REPORTS_APPROVED, in_window
from assessments.demo.reports import (
    FILLED_BEFORE_DEADLINE,
    SUBMITTED_BEFORE_DEADLINE,
    fill_in,
    open_period,
    past_annual_periods,
)
from assessments.models import (
    Agency,
    AgencyLevel,
    Answer,
    AppraisalRound,
    CriteriaSetPage,
    Evidence,
    IndicatorDecision,
    Report,
    ReportingPeriod,
    ReportStatus,
    ResultSnapshot,
    Role,
    RoleAssignment,
)
from assessments.reporting import services as report_service
from assessments.results.cohorts import cohorts_for, standing
from assessments.results.snapshots import digest, latest_snapshot, snapshot_data

# Every generated agency's code starts with this: it marks the data set and lets a second run refuse.
PREFIX = "QG-"
DEFAULT_PASSWORD = "tai-thu-quoc-gia-2853"
# Templates per period and level: the copies cycle through them, so scores and ranks vary.
TEMPLATES = 7
BATCH = 2000
SNAPSHOT_REASON = "Bổ sung dữ liệu tổng hợp của các tỉnh, thành phố (bộ dữ liệu tải thử)."

# The 34 provinces and cities from 1 July 2025 (Resolution 202/2025/QH15); the six cities first.
PROVINCES = (
    ("thành phố", "Hà Nội"),
    ("thành phố", "Huế"),
    ("thành phố", "Hải Phòng"),
    ("thành phố", "Đà Nẵng"),
    ("thành phố", "Hồ Chí Minh"),
    ("thành phố", "Cần Thơ"),
    ("tỉnh", "Lai Châu"),
    ("tỉnh", "Điện Biên"),
    ("tỉnh", "Sơn La"),
    ("tỉnh", "Lạng Sơn"),
    ("tỉnh", "Quảng Ninh"),
    ("tỉnh", "Thanh Hóa"),
    ("tỉnh", "Nghệ An"),
    ("tỉnh", "Hà Tĩnh"),
    ("tỉnh", "Cao Bằng"),
    ("tỉnh", "Tuyên Quang"),
    ("tỉnh", "Lào Cai"),
    ("tỉnh", "Thái Nguyên"),
    ("tỉnh", "Phú Thọ"),
    ("tỉnh", "Bắc Ninh"),
    ("tỉnh", "Hưng Yên"),
    ("tỉnh", "Ninh Bình"),
    ("tỉnh", "Quảng Trị"),
    ("tỉnh", "Quảng Ngãi"),
    ("tỉnh", "Gia Lai"),
    ("tỉnh", "Khánh Hòa"),
    ("tỉnh", "Lâm Đồng"),
    ("tỉnh", "Đắk Lắk"),
    ("tỉnh", "Đồng Nai"),
    ("tỉnh", "Tây Ninh"),
    ("tỉnh", "Vĩnh Long"),
    ("tỉnh", "Đồng Tháp"),
    ("tỉnh", "Cà Mau"),
    ("tỉnh", "An Giang"),
)

# The appraising department comes first and the office of the people's committee second: both are in
# every province; the rest are drawn from the list.
APPRAISING_DEPARTMENT = "Sở Khoa học và Công nghệ"
OFFICE = "Văn phòng UBND"
DEPARTMENTS = (
    APPRAISING_DEPARTMENT,
    OFFICE,
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra",
    "Ban Quản lý các khu công nghiệp",
    "Ban Quản lý khu kinh tế",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Đài Phát thanh và Truyền hình",
    "Trường Cao đẳng",
    "Trung tâm Phục vụ hành chính công",
    "Quỹ Đầu tư phát triển",
    "Ban Dân tộc",
)
CENTRAL_AGENCIES = (
    "Thuế",
    "Kho bạc Nhà nước khu vực",
    "Bảo hiểm xã hội",
    "Công an",
    "Thống kê",
    "Chi cục Hải quan khu vực",
    "Ngân hàng Nhà nước chi nhánh",
    "Thi hành án dân sự",
    "Tòa án nhân dân",
    "Viện Kiểm sát nhân dân",
    "Bưu điện",
    "Ngân hàng Chính sách xã hội chi nhánh",
)
FIRST_SYLLABLES = [
    "An",
    "Bình",
    "Cẩm",
    "Đông",
    "Hòa",
    "Hưng",
    "Kim",
    "Lộc",
    "Minh",
    "Nam",
    "Phú",
    "Quang",
    "Sơn",
    "Tân",
    "Thạch",
    "Thanh",
    "Thuận",
    "Tiến",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Đức",
    "Hải",
    "Hồng",
    "Long",
    "Mỹ",
    "Nghĩa",
    "Phước",
    "Thiện",
    "Gia",
    "Hương",
    "Kỳ",
    "Lương",
    "Ngọc",
    "Quế",
    "Tam",
    "Tùng",
    "Vạn",
    "Hoàng",
]
SECOND_SYLLABLES = [
    "An",
    "Bình",
    "Châu",
    "Điền",
    "Đông",
    "Hà",
    "Hòa",
    "Hưng",
    "Lạc",
    "Lâm",
    "Lợi",
    "Lộc",
    "Long",
    "Mỹ",
    "Nam",
    "Phong",
    "Phú",
    "Phúc",
    "Sơn",
    "Tân",
    "Thành",
    "Thịnh",
    "Thủy",
    "Tiến",
    "Trung",
    "Trường",
    "Văn",
    "Việt",
    "Vinh",
    "Xuân",
    "Giang",
    "Khê",
    "Lĩnh",
    "Hội",
    "Quý",
]


@dataclass
class Counts:
    provinces: int = 0
    agencies: int = 0
    users: int = 0
    reports: int = 0
    answers: int = 0
    evidence: int = 0
    decisions: int = 0
    snapshots: int = 0
    draft_reports: int = 0
    years: tuple[int, ...] = ()  # the years approved, whose results pages the caller publishes again


class AlreadyGenerated(RuntimeError):
    """The national data set is in this database already: a second run would double it."""


def ascii_code(name: str) -> str:
    """``Hồ Chí Minh`` → ``HOCHIMINH``: codes and usernames stay within the agency code's characters."""
    plain = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(char for char in plain if char.isascii() and char.isalnum()).upper()


def commune_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct commune and ward names for one province, the same for the same ``rng`` state."""
    pairs = [(first, second) for first in FIRST_SYLLABLES for second in SECOND_SYLLABLES if first != second]
    chosen = rng.sample(pairs, count)
    # About one in seven is a ward (the former towns and cities' quarters).
    return [f"{'Phường' if rng.random() < 0.15 else 'Xã'} {first} {second}" for first, second in chosen]


@dataclass
class Plan:
    """One generated agency before it is saved: which province, which level, its name and code."""

    province: str
    level: str
    code: str
    name: str


def plan_provinces(count: int, seed: int) -> list[tuple[str, str, list[Plan]]]:
    """Per province: its code, its full name and its agencies (departments, central agencies, communes)."""
    rng = random.Random(seed)
    provinces = []
    for kind, name in PROVINCES[:count]:
        code = ascii_code(name)
        full = f"{kind} {name}"
        plans = []
        departments = list(DEPARTMENTS[:2]) + rng.sample(DEPARTMENTS[2:], rng.randint(16, len(DEPARTMENTS) - 2))
        for number, department in enumerate(departments, start=1):
            plans.append(Plan(code, "department", f"{PREFIX}{code}-S{number:02d}", f"{department} {full}"))
        for number, agency in enumerate(rng.sample(CENTRAL_AGENCIES, rng.randint(8, 12)), start=1):
            plans.append(Plan(code, "central", f"{PREFIX}{code}-TW{number:02d}", f"{agency} {full}"))
        communes = commune_names(rng, rng.randint(60, 140))
        for number, commune in enumerate(communes, start=1):
            plans.append(Plan(code, "commune", f"{PREFIX}{code}-X{number:03d}", f"{commune} ({full})"))
        provinces.append((code, full, plans))
    return provinces


def batched_create(model: type[Model], rows: Iterable[Model]) -> list[Model]:
    return model.objects.bulk_create(list(rows), batch_size=BATCH)


def ensure_base(log: Callable[[str], None]) -> None:
    """Loads the demo where it is missing: the levels, criteria sets, periods and pages the data hangs on."""
    if CriteriaSetPage.objects.exists() and AgencyLevel.objects.filter(code="commune").exists():
        return
    log("Loading the demo first (levels, criteria sets, periods, pages)…")
    call_command("load_demo_content")


def create_structure(
    provinces: list[tuple[str, str, list[Plan]]], first_year: int, password_hash: str, counts: Counts
) -> dict[str, dict]:
    """Agencies, their officers and heads, and each province's appraisers. Returns, per agency code, the
    agency and its people's ids."""
    levels = {level.code: level for level in AgencyLevel.objects.all()}
    users = get_user_model()
    plans = [plan for _, _, province_plans in provinces for plan in province_plans]
    agencies = batched_create(
        Agency,
        (
            Agency(code=plan.code, name=plan.name, level=levels[plan.level], year_from=first_year, verified=True)
            for plan in plans
        ),
    )
    by_code = {agency.code: agency for agency in agencies}
    # Every agency of a province is appraised by its department of science and technology, which is
    # appraised by the office of the province's people's committee (no agency appraises itself).
    for code, _, _ in provinces:
        appraising, office = by_code[f"{PREFIX}{code}-S01"], by_code[f"{PREFIX}{code}-S02"]
        for plan in (plan for plan in plans if plan.province == code):
            agency = by_code[plan.code]
            agency.appraiser = office if agency is appraising else appraising
    Agency.objects.bulk_update(agencies, ["appraiser"], batch_size=BATCH)

    accounts = []  # (username, first name, role, agency)
    for plan in plans:
        short = plan.code.removeprefix(PREFIX).lower()
        accounts.append((f"cb.{short}", f"Cán bộ {plan.name}", Role.OFFICER, by_code[plan.code]))
        accounts.append((f"ld.{short}", f"Lãnh đạo {plan.name}", Role.HEAD, by_code[plan.code]))
    for code, full, _ in provinces:
        for number in (1, 2):
            accounts.append(
                (
                    f"td.{code.lower()}.{number}",
                    f"Thẩm định viên {number} {full}",
                    Role.APPRAISER,
                    by_code[f"{PREFIX}{code}-S01"],
                )
            )
        accounts.append(
            (
                f"td.{code.lower()}.vp",
                f"Thẩm định viên Văn phòng UBND {full}",
                Role.APPRAISER,
                by_code[f"{PREFIX}{code}-S02"],
            )
        )
    created = batched_create(
        users,
        (
            # One hash for everyone: hashing 9,000 passwords one by one would take most of an hour.
            users(username=username, first_name=name, email=f"{username}@quocgia.invalid", password=password_hash)
            for username, name, _, _ in accounts
        ),
    )
    batched_create(
        RoleAssignment,
        (
            RoleAssignment(user=user, role=role, agency=agency)
            for user, (_, _, role, agency) in zip(created, accounts, strict=True)
        ),
    )
    people: dict[str, dict] = {plan.code: {"agency": by_code[plan.code]} for plan in plans}
    for user, (_, _, role, agency) in zip(created, accounts, strict=True):
        people[agency.code].setdefault(role, user)
    counts.provinces = len(provinces)
    counts.agencies = len(agencies)
    counts.users = len(created)
    return people


def _template(period: ReportingPeriod, agency: Agency, people: dict, position: int, now: datetime.datetime) -> Report:
    """One report through the real services: filled in, submitted, appraised and approved, as the demo does."""
    head = people[agency.code][Role.HEAD]
    appraiser = people[agency.appraiser.code][Role.APPRAISER]
    report = Report.objects.create(period=period, agency=agency)
    fill_in(report, head, position, now=period.submission_deadline - FILLED_BEFORE_DEADLINE)
    report_service.submit(report.pk, head, now=period.submission_deadline - SUBMITTED_BEFORE_DEADLINE, confirm=False)
    decisions.approve_report(report.pk, appraiser, now=in_window(period, REPORTS_APPROVED, now))
    return Report.objects.get(pk=report.pk)


def _values(queryset, *exclude: str) -> list[dict]:
    return [{key: value for key, value in row.items() if key not in exclude} for row in queryset.values()]


def copy_reports(templates: list[Report], agencies: list[Agency], people: dict, status: str, counts: Counts) -> int:
    """Every agency's report as a copy of one template's: answers, evidence, and the approved round with its
    decisions where the template has them."""
    answers = {t.pk: _values(Answer.objects.filter(report=t), "id", "report_id", "updated_by_id") for t in templates}
    evidence = {t.pk: _values(Evidence.objects.filter(report=t), "id", "report_id", "created_by_id") for t in templates}
    rounds = {t.pk: list(AppraisalRound.objects.filter(report=t).order_by("number")) for t in templates}
    decided = {
        round_.pk: _values(IndicatorDecision.objects.filter(round=round_), "id", "round_id", "decided_by_id")
        for t in templates
        for round_ in rounds[t.pk]
    }
    sources = [templates[position % len(templates)] for position in range(len(agencies))]
    reports = batched_create(
        Report,
        (
            Report(
                period_id=source.period_id,
                agency=agency,
                status=status,
                version=source.version,
                submitted_at=source.submitted_at,
                submitted_by=people[agency.code][Role.HEAD] if source.submitted_at else None,
                late=source.late,
            )
            for agency, source in zip(agencies, sources, strict=True)
        ),
    )
    pairs = list(zip(reports, sources, strict=True))
    counts.answers += len(
        batched_create(
            Answer,
            (
                Answer(report=report, updated_by=people[report.agency.code][Role.OFFICER], **row)
                for report, source in pairs
                for row in answers[source.pk]
            ),
        )
    )
    counts.evidence += len(
        batched_create(
            Evidence,
            (
                Evidence(report=report, created_by=people[report.agency.code][Role.HEAD], **row)
                for report, source in pairs
                for row in evidence[source.pk]
            ),
        )
    )
    new_rounds = []
    for report, source in pairs:
        for round_ in rounds[source.pk]:
            new_rounds.append(
                (
                    round_.pk,
                    AppraisalRound(
                        report=report,
                        number=round_.number,
                        submitted_at=round_.submitted_at,
                        closed_at=round_.closed_at,
                        closed_by=people[report.agency.appraiser.code][Role.APPRAISER],
                        outcome=round_.outcome,
                        comment=round_.comment,
                        respond_by=round_.respond_by,
                    ),
                )
            )
    saved = batched_create(AppraisalRound, (round_ for _, round_ in new_rounds))
    counts.decisions += len(
        batched_create(
            IndicatorDecision,
            (
                IndicatorDecision(round=round_, decided_by=round_.closed_by, **row)
                for (source_round, _), round_ in zip(new_rounds, saved, strict=True)
                for row in decided[source_round]
            ),
        )
    )
    return len(reports)


def generate_past_year(
    period: ReportingPeriod, people: dict, counts: Counts, now: datetime.datetime, log: Callable[[str], None]
) -> None:
    """Every generated agency of the period's levels: a submitted, appraised and approved report."""
    levels = list(period.levels.values_list("code", flat=True))
    agencies = [
        entry["agency"]
        for entry in people.values()
        if entry["agency"].level.code in levels and entry["agency"].exists_in(period.year)
    ]
    if not agencies:
        return  # a level the generated provinces do not have (districts: gone since 2025)
    by_province: dict[str, list[Agency]] = defaultdict(list)
    for agency in agencies:
        by_province[agency.code.split("-")[1]].append(agency)
    started = time.monotonic()
    # Templates from different provinces, so the first province is not the only one with real history.
    provinces = sorted(by_province)
    templates = []
    with transaction.atomic():
        for position in range(min(TEMPLATES, len(agencies))):
            members = by_province[provinces[position % len(provinces)]]
            templates.append(_template(period, members[position // len(provinces)], people, position, now))
    counts.reports += len(templates)
    used = {template.agency_id for template in templates}
    for province in provinces:
        with transaction.atomic():
            rest = [agency for agency in by_province[province] if agency.pk not in used]
            counts.reports += copy_reports(templates, rest, people, ReportStatus.APPRAISED, counts)
    log(f"  {period}: {len(agencies)} reports in {time.monotonic() - started:.1f} s")


def approve_snapshots(period: ReportingPeriod, people: dict, counts: Counts, now: datetime.datetime, log) -> None:
    """A new version of every cohort the generated agencies joined, made as an approval makes it."""
    for cohort in cohorts_for(period):
        if not any(member.code.startswith(PREFIX) for member in cohort.members):
            continue
        state = standing(cohort)
        if state.waiting:
            log(f"  {period} {cohort.title}: {len(state.waiting)} reports wait for appraisal, not approved")
            continue
        data = snapshot_data(state)
        previous = latest_snapshot(period, cohort)
        if previous is not None and previous.sha256 == digest(data):
            continue
        approver = cohort.approver_id or (previous.approving_agency_id if previous else None)
        if approver is None:
            approver = max(
                {member.appraiser_id for member in cohort.members if member.appraiser_id},
                key=lambda agency_id: sum(member.appraiser_id == agency_id for member in cohort.members),
            )
        approved_by = (
            RoleAssignment.objects.filter(agency_id=approver, role=Role.APPRAISER)
            .values_list("user", flat=True)
            .first()
        )
        ResultSnapshot.objects.create(
            period=period,
            level=cohort.level,
            within=cohort.within,
            version=(previous.version + 1) if previous else 1,
            criteria_revision_id=period.criteria_revision_id,
            approving_agency_id=approver,
            approved_at=in_window(period, PROVINCE_RESULTS, now),
            approved_by_id=approved_by,
            reason=SNAPSHOT_REASON if previous else "",
            data=data,
            sha256=digest(data),
        )
        counts.snapshots += 1
        log(f"  {period} {cohort.title}: {len(cohort.members)} agencies approved")


def open_drafts(people: dict, counts: Counts, now: datetime.datetime, log: Callable[[str], None]) -> None:
    """A draft in the period open today for every generated agency, as the officers left it before the
    deadline rush: one template per level goes through ``open_report`` and ``fill_in`` (not submitted)."""
    by_level: dict[str, list[Agency]] = defaultdict(list)
    for entry in people.values():
        by_level[entry["agency"].level.code].append(entry["agency"])
    for _, agencies in sorted(by_level.items()):
        period = open_period(agencies[0], now)
        with transaction.atomic():
            officer = people[agencies[0].code][Role.OFFICER]
            template = report_service.open_report(period, agencies[0], officer)
            template = fill_in(template, officer, 1, now=now)
            counts.draft_reports += 1 + copy_reports([template], agencies[1:], people, ReportStatus.DRAFT, counts)
        log(f"  {period}: {len(agencies)} drafts")


def generate(
    provinces: int = len(PROVINCES),
    years: int = 3,
    seed: int = 2853,
    password: str = DEFAULT_PASSWORD,
    log: Callable[[str], None] = lambda message: None,
    now: datetime.datetime | None = None,
) -> Counts:
    now = now or timezone.now()
    if Agency.objects.filter(code__startswith=PREFIX).exists():
        raise AlreadyGenerated(
            "This database already holds the national data set (agency codes starting with "
            f"{PREFIX!r}); generate it into an empty database."
        )
    ensure_base(log)
    counts = Counts()
    started = time.monotonic()
    periods = past_annual_periods(years, now)
    first_year = min((period.year for period in periods), default=now.year)
    plans = plan_provinces(provinces, seed)
    with transaction.atomic():
        people = create_structure(plans, first_year, make_password(password), counts)
    log(
        f"Structure: {counts.provinces} provinces, {counts.agencies} agencies, {counts.users} accounts "
        f"({time.monotonic() - started:.1f} s)"
    )
    for agency in Agency.objects.filter(code__startswith=PREFIX).select_related("level", "appraiser"):
        people[agency.code]["agency"] = agency
    for period in periods:
        generate_past_year(period, people, counts, now, log)
        with transaction.atomic():
            approve_snapshots(period, people, counts, now, log)
    counts.years = tuple(sorted({period.year for period in periods}))
    open_drafts(people, counts, now, log)
    return counts


def database_counts() -> dict[str, object]:
    """What the database holds now, generated or not: the figures the command prints at the end."""
    return {
        "agencies": Agency.objects.count(),
        "users": get_user_model().objects.count(),
        "reports": Report.objects.count(),
        "answers": Answer.objects.count(),
        "evidence": Evidence.objects.count(),
        "evidence files": Evidence.objects.exclude(file="").values("file").distinct().count(),
        "appraisal decisions": IndicatorDecision.objects.count(),
        "results snapshots": ResultSnapshot.objects.count(),
        "agencies per level": dict(Agency.objects.values_list("level__code").annotate(Count("pk"))),
    }
