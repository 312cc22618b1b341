"""Who may do what, over EVERY route of the project: the matrix below is checked against the URL configuration
itself (walked with django.urls.get_resolver()), so a new page or endpoint without an expectation here fails
`test_every_route_has_an_expectation` until someone decides who may use it.

Each route declares one method (GET for pages and lists, POST for actions), how to build its URL with real ids at
a suitable stage, and per role one of:
- ALLOW: anything but 401/403/404 (a 2xx, a redirect, or a 400/409/422 answer to an empty POST);
- DENY: 403 (for anonymous: a redirect to the sign-in page on pages, 401 on the API);
- HIDE: 404, the same answer as for an id that does not exist (the object is not visible to that role).

The IWG member (of the MIA) is given objects it may not see (a registered round, no agenda item, no deadline or
remedy of the MIA), so for it "hidden" is tested on every object route; the remedy routes use a remedy of the MIA,
which it may act on but not grade. Roles are tried refused-first, so the one allowed action runs last.
"""

import datetime as dt
import itertools
import json
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from communications import services
from communications.models import (
    Communication,
    DeadlineKind,
    Decision,
    ExportJob,
    ImportJob,
    Notification,
    Party,
    Round,
)
from iwg.calendar import local_date
from iwg.models import Agency
from meetings import services as meeting_services
from meetings.models import AgendaItem
from recommendations import services as recommendation_services
from tests.factories import pdf_file, position_version, round_at
from tests.tokens import api_token

pytestmark = pytest.mark.django_db

ROLES = ("mfa", "pgo", "moj", "iwg", "auditor", "admin")
ALLOW, DENY, HIDE = "allow", "deny", "hide"


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, name) of every URL pattern, recursively through includes."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else None


# Routes outside the matrix, each with the reason. Matched by prefix of the route.
EXEMPT_PREFIXES = {
    "admin/": "Django admin: staff only (Django's own permission checks); read-only history and access events are "
    "tested in tests/security/test_history_immutable.py",
    "accounts/": "django-allauth sign-in, sign-out, password and 2FA pages: public by design; lockout and 2FA are "
    "tested in tests/iwg/test_access_audit.py",
    "i18n/setlang/": "language switch: public by design (stores a preference, changes no record)",
    "health/": "health check for the proxy and orchestrator: public by design, reveals no data",
    "ready/": "readiness check for the proxy and compose healthchecks: public by design, reveals no data",
    "metrics": "Prometheus metrics: only to IWG_METRICS_ALLOWED_IPS or with IWG_METRICS_TOKEN (tests/iwg/test_metrics.py)",
    "favicon.ico": "redirect to a static file",
    "api/v1/schema/": "OpenAPI schema: describes the API, holds no data",
    "api/v1/docs/": "Swagger UI for the schema: holds no data",
    "api/v1/^.*$": "catch-all that answers 404 in the API's error shape for every unknown path",
    "static/": "static files (served by the proxy in production)",
    "media/": "never served directly: documents go through the permission-checking download views",
    "meetings/calendar/feed/<str:token>.ics": "a calendar program's feed: the secret address is the credential "
    "(tested in tests/meetings/test_pack_and_calendar.py: works signed out, a reset or guessed address is a 404)",
}


def is_exempt(route: str) -> bool:
    return any(route.startswith(prefix) for prefix in EXEMPT_PREFIXES)


class World:
    """The objects the routes need, built on first use (each test builds only what its route needs)."""

    def __init__(self, users):
        self.users = users

    @cached_property
    def registered(self) -> Round:
        """Registered round: nothing of the MIA's, hidden from the IWG member."""
        return round_at(self.users, Round.Status.REGISTERED)

    @cached_property
    def referred(self) -> Round:
        return round_at(self.users, Round.Status.REFERRED)

    @cached_property
    def analysed(self) -> Round:
        return round_at(self.users, Round.Status.ANALYSIS_SUBMITTED)

    @cached_property
    def iwg_approved(self) -> Round:
        return round_at(self.users, Round.Status.IWG_APPROVED)

    @cached_property
    def position_approved(self) -> Round:
        return round_at(self.users, Round.Status.POSITION_APPROVED)

    @cached_property
    def party(self):
        """A party of the registered round's communication (corrections edit, hide and remove it)."""
        return services.party_add(
            actor=self.users["mfa"],
            communication=self.registered.communication,
            role=Party.Role.AUTHOR,
            full_name="Party For Corrections",
        )

    @cached_property
    def duplicate_number(self) -> str:
        """The number of a second communication of the same committee: merged into the registered one."""
        return round_at(self.users, Round.Status.REGISTERED).communication.number

    def version(self) -> int:
        """The registered communication's version now (each correction moves it)."""
        return Communication.objects.get(pk=self.registered.communication_id).lock_version

    @cached_property
    def committee_deadline(self):
        return self.registered.deadlines.get(kind=DeadlineKind.COMMITTEE)

    @cached_property
    def document(self):
        return self.analysed.analyses.get().document

    def remedy(self, agency: str):
        round = self.registered
        decision = services.decision_record(
            actor=self.users["mfa"],
            communication=round.communication,
            kind=Decision.Kind.VIEWS_VIOLATION,
            adopted_on=local_date(),
            remedies=[{"kind": "review", "description": "Review", "responsible_agency": agency}],
        )
        return decision.remedies.get()

    @cached_property
    def mia_remedy(self):
        return self.remedy("MIA")

    @cached_property
    def planned_meeting(self):
        return meeting_services.meeting_schedule(
            actor=self.users["moj"], starts_at=timezone.now() + dt.timedelta(days=5)
        )

    @cached_property
    def agenda_item(self) -> AgendaItem:
        return meeting_services.agenda_item_add(
            actor=self.users["moj"], meeting=self.planned_meeting, round=self.analysed
        )

    @cached_property
    def held_meeting(self):
        round = self.analysed
        meeting = meeting_services.meeting_schedule(
            actor=self.users["moj"], starts_at=timezone.now() - dt.timedelta(hours=2)
        )
        item = meeting_services.agenda_item_add(actor=self.users["moj"], meeting=meeting, round=round)
        # The IWG approves only a drafted position (daily-work issue).
        services.position_draft(
            actor=self.users["moj"],
            round=round,
            texts={"en": "The State's position."},
            expected_version=position_version(round),
        )
        meeting_services.meeting_record_held(
            actor=self.users["moj"],
            meeting=meeting,
            participants=[self.users["moj"]],
            decisions={item.pk: (AgendaItem.Decision.MORE_ANALYSIS, "")},
            minutes_file=pdf_file("minutes.pdf"),
        )
        return meeting

    @cached_property
    def past_item(self) -> AgendaItem:
        meeting = meeting_services.meeting_schedule(
            actor=self.users["moj"], starts_at=timezone.now() - dt.timedelta(hours=1)
        )
        return meeting_services.agenda_item_add(actor=self.users["moj"], meeting=meeting, round=self.analysed)

    @cached_property
    def held_meeting_to_record(self):
        return self.past_item.meeting

    def export_job(self, role: str) -> ExportJob:
        return ExportJob.objects.create(owner=self.users[role], kind="register", format="csv")

    # Recommendations: public UN documents every role reads; a UPR review with one pending, one proposed and one
    # supported recommendation, and a measure of the PGO with a report awaiting review.
    @cached_property
    def review(self):
        return recommendation_services.review_create(
            actor=self.users["mfa"], mechanism="upr", title="UPR 4th cycle", cycle=4, session=48
        )

    def _recommendation(self, number: str):
        return recommendation_services.recommendation_add(
            actor=self.users["mfa"], review=self.review, number=number, text=f"Recommendation {number}"
        )

    @cached_property
    def pending_recommendation(self):
        return self._recommendation("45.1")

    @cached_property
    def proposed_recommendation(self):
        recommendation = self._recommendation("45.2")
        recommendation_services.response_propose(
            actor=self.users["mfa"], response=recommendation.response, position="supported"
        )
        return recommendation

    @cached_property
    def supported_recommendation(self):
        recommendation = self._recommendation("45.3")
        recommendation_services.response_record(
            actor=self.users["mfa"], response=recommendation.response, position="supported"
        )
        recommendation.refresh_from_db()
        return recommendation

    def _pgo_measure(self, title: str):
        return recommendation_services.measure_plan(
            actor=self.users["moj"],
            recommendations=[self.supported_recommendation],
            title=title,
            responsible_agency=Agency.objects.get(code="PGO"),
            indicator="Done",
            target_date=local_date() + dt.timedelta(days=30),
        )

    @cached_property
    def pgo_measure(self):
        return self._pgo_measure("Investigate complaints")

    @cached_property
    def submitted_report(self):
        measure = self._pgo_measure("Train prosecutors")
        return recommendation_services.report_submit(actor=self.users["pgo"], measure=measure, text="Half done")

    def import_job(self, role: str) -> ImportJob:
        return ImportJob.objects.create(uploaded_by=self.users[role], file="imports/x.csv", original_name="x.csv")

    def notification(self, role: str) -> Notification:
        return Notification.objects.create(user=self.users[role], kind=Notification.Kind.INFO, title="Hello")


_serial = itertools.count(1)


def _note_body() -> dict:
    today = local_date()
    return {
        "committee": "CAT",
        "communication_number": f"{7000 + next(_serial)}/2026",
        "kind": "new_communication",
        "registry_number": f"IN-S-{next(_serial)}",
        "received_date": str(today),
        "ohchr_date": str(today - dt.timedelta(days=5)),
    }


def everyone(outcome=ALLOW, **overrides) -> dict:
    expectations = dict.fromkeys(ROLES, outcome)
    expectations.update(overrides)
    return expectations


def only(*roles, iwg=DENY) -> dict:
    """Allowed for `roles`, refused (403) for the others; the IWG member gets `iwg` unless it is in `roles`."""
    expectations = everyone(DENY)
    expectations["iwg"] = iwg
    expectations.update(dict.fromkeys(roles, ALLOW))
    return expectations


HISTORY = only("auditor", "admin")
SEES_ALL_IWG_HIDDEN = everyone(ALLOW, iwg=HIDE)


@dataclass(frozen=True)
class Case:
    method: str
    url: object  # callable(world, role) -> str
    expect: dict
    api: bool = False
    data: object = None  # callable(world) -> body: API actions get a valid body, so the permission check decides
    multipart: bool = False


def _url(template, attr=None):
    def build(world, role):
        if attr is None:
            return template
        obj = world
        for part in attr.split("."):
            obj = getattr(obj, part)
        return template.format(obj)

    return build


def _c(template, attr, method, expect, **kw):
    return Case(method, _url(template, attr), expect, **kw)


P = "/communications"
A = "/api/v1"
# route (as the resolver spells it) -> Case
MATRIX = {
    "": _c("/", None, "get", everyone()),
    "dashboard/": _c("/dashboard/", None, "get", everyone()),
    "audit/activity/": _c("/audit/activity/", None, "get", HISTORY),
    "audit/history/<str:app_label>/<str:model_name>/<int:pk>/": _c(
        "/audit/history/communications/communication/{}/", "registered.communication_id", "get", HISTORY
    ),
    # Communications pages
    "communications/": _c(f"{P}/", None, "get", everyone()),
    "communications/<int:pk>/": _c(f"{P}/{{}}/", "registered.communication_id", "get", SEES_ALL_IWG_HIDDEN),
    "communications/<int:pk>/edit/": _c(
        f"{P}/{{}}/edit/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/joined-numbers/": _c(
        f"{P}/{{}}/joined-numbers/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/parties/": _c(
        f"{P}/{{}}/parties/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/decision/": _c(
        f"{P}/{{}}/decision/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/close/": _c(
        f"{P}/{{}}/close/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/correct/": _c(
        f"{P}/{{}}/correct/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/merge/": _c(
        f"{P}/{{}}/merge/", "registered.communication_id", "post", only("mfa", iwg=HIDE)
    ),
    "communications/<int:pk>/parties/<int:party_pk>/edit/": Case(
        "post",
        lambda world, role: f"{P}/{world.registered.communication_id}/parties/{world.party.pk}/edit/",
        only("mfa", iwg=HIDE),
    ),
    "communications/<int:pk>/parties/<int:party_pk>/confidentiality/": Case(
        "post",
        lambda world, role: f"{P}/{world.registered.communication_id}/parties/{world.party.pk}/confidentiality/",
        only("mfa", iwg=HIDE),
    ),
    "communications/<int:pk>/parties/<int:party_pk>/remove/": Case(
        "post",
        lambda world, role: f"{P}/{world.registered.communication_id}/parties/{world.party.pk}/remove/",
        only("mfa", iwg=HIDE),
    ),
    "communications/<int:pk>/notes/<int:note_pk>/void/": Case(
        "post",
        lambda world, role: f"{P}/{world.registered.communication_id}/notes/{world.registered.incoming_note_id}/void/",
        only("mfa", iwg=HIDE),
    ),
    "communications/<int:pk>/rounds/<int:round_pk>/void/": Case(
        "post",
        lambda world, role: f"{P}/{world.registered.communication_id}/rounds/{world.registered.pk}/void/",
        only("mfa", iwg=HIDE),
    ),
    "communications/notes/new/": _c(f"{P}/notes/new/", None, "post", only("mfa")),
    "communications/notes/preview/": _c(f"{P}/notes/preview/", None, "post", only("mfa")),
    "communications/rounds/<int:pk>/refer/": _c(
        f"{P}/rounds/{{}}/refer/", "registered.pk", "get", only("mfa", iwg=HIDE)
    ),
    "communications/rounds/<int:pk>/cancel/": _c(
        f"{P}/rounds/{{}}/cancel/", "registered.pk", "post", only("mfa", iwg=HIDE)
    ),
    "communications/rounds/<int:pk>/analysis/": _c(
        f"{P}/rounds/{{}}/analysis/", "referred.pk", "post", only("pgo", iwg=HIDE)
    ),
    "communications/rounds/<int:pk>/position/": _c(
        f"{P}/rounds/{{}}/position/", "referred.pk", "post", only("mfa", "pgo", "moj", iwg=HIDE)
    ),
    "communications/rounds/<int:pk>/position/approve/": _c(
        f"{P}/rounds/{{}}/position/approve/", "iwg_approved.pk", "post", only("moj")
    ),
    "communications/rounds/<int:pk>/position/send/": _c(
        f"{P}/rounds/{{}}/position/send/", "position_approved.pk", "post", only("mfa")
    ),
    "communications/deadlines/<int:pk>/extend/": _c(
        f"{P}/deadlines/{{}}/extend/", "committee_deadline.pk", "post", only("mfa", iwg=HIDE)
    ),
    "communications/deadlines/<int:pk>/change/": _c(
        f"{P}/deadlines/{{}}/change/", "committee_deadline.pk", "post", only("mfa", iwg=HIDE)
    ),
    "communications/remedies/<int:pk>/actions/": _c(
        f"{P}/remedies/{{}}/actions/", "mia_remedy.pk", "post", only("mfa", "pgo", "moj", "iwg")
    ),
    "communications/remedies/<int:pk>/grades/": _c(f"{P}/remedies/{{}}/grades/", "mia_remedy.pk", "post", only("mfa")),
    "documents/<int:pk>/": _c("/documents/{}/", "document.pk", "get", SEES_ALL_IWG_HIDDEN),
    # Notifications: each role's own; another user's is tested in tests/security/test_idor.py
    "notifications/": _c("/notifications/", None, "get", everyone()),
    "profile/": _c("/profile/", None, "get", everyone()),
    "notifications/<int:pk>/read/": Case(
        "post", lambda world, role: f"/notifications/{world.notification(role).pk}/read/", everyone()
    ),
    "notifications/read-all/": _c("/notifications/read-all/", None, "post", everyone()),
    "notifications/badge/": _c("/notifications/badge/", None, "get", everyone()),
    # Meetings pages: every role sees meetings (the agenda is filtered); the MoJ secretariat runs them
    "meetings/": _c("/meetings/", None, "get", everyone()),
    "meetings/calendar/": _c("/meetings/calendar/", None, "get", everyone()),
    "meetings/new/": _c("/meetings/new/", None, "post", only("moj")),
    "meetings/<int:pk>/": _c("/meetings/{}/", "planned_meeting.pk", "get", everyone()),
    "meetings/<int:pk>/edit/": _c("/meetings/{}/edit/", "planned_meeting.pk", "post", only("moj")),
    "meetings/<int:pk>/agenda/": _c("/meetings/{}/agenda/", "planned_meeting.pk", "post", only("moj")),
    "meetings/<int:pk>/agenda/<int:item_pk>/remove/": Case(
        "post",
        lambda world, role: f"/meetings/{world.planned_meeting.pk}/agenda/{world.agenda_item.pk}/remove/",
        only("moj"),
    ),
    "meetings/<int:pk>/held/": _c("/meetings/{}/held/", "planned_meeting.pk", "post", only("moj")),
    "meetings/<int:pk>/cancel/": _c("/meetings/{}/cancel/", "planned_meeting.pk", "post", only("moj")),
    "meetings/<int:pk>/minutes/": _c("/meetings/{}/minutes/", "held_meeting.pk", "get", everyone()),
    "meetings/<int:pk>/pack.pdf": _c("/meetings/{}/pack.pdf", "planned_meeting.pk", "get", everyone()),
    "meetings/<int:pk>/minutes.pdf": _c("/meetings/{}/minutes.pdf", "held_meeting.pk", "get", everyone()),
    "meetings/<int:pk>/agenda/print/": _c("/meetings/{}/agenda/print/", "planned_meeting.pk", "get", everyone()),
    "meetings/<int:pk>/invitation.ics": _c("/meetings/{}/invitation.ics", "planned_meeting.pk", "get", everyone()),
    # Leads to the profile page, where the address is made (a POST there, shown once).
    "meetings/calendar/feed/": _c("/meetings/calendar/feed/", None, "get", everyone()),
    # Exports and imports (issue 12): a job is its owner's; imports are the MFA's and administrators'
    "communications/export/": _c(f"{P}/export/?format=csv", None, "get", everyone()),
    "communications/deadlines/export/": _c(f"{P}/deadlines/export/?format=csv", None, "get", everyone()),
    "communications/<int:pk>/export/": _c(
        f"{P}/{{}}/export/?format=xlsx", "registered.communication_id", "get", SEES_ALL_IWG_HIDDEN
    ),
    "communications/exports/<int:pk>/": Case(
        "get", lambda world, role: f"{P}/exports/{world.export_job(role).pk}/", everyone()
    ),
    "communications/exports/<int:pk>/download/": Case(
        "get", lambda world, role: f"{P}/exports/{world.export_job(role).pk}/download/", everyone()
    ),
    "communications/imports/new/": _c(f"{P}/imports/new/", None, "post", only("mfa", "admin")),
    "communications/imports/template.csv": _c(f"{P}/imports/template.csv", None, "get", everyone()),
    "communications/imports/<int:pk>/": Case(
        "get", lambda world, role: f"{P}/imports/{world.import_job(role).pk}/", everyone()
    ),
    "communications/imports/<int:pk>/confirm/": Case(
        "post", lambda world, role: f"{P}/imports/{world.import_job(role).pk}/confirm/", only("mfa", "admin")
    ),
    # REST API (token authentication)
    "api/v1/auth/token/": _c(f"{A}/auth/token/", None, "delete", everyone(), api=True),
    "api/v1/communications/": _c(f"{A}/communications/", None, "get", everyone(), api=True),
    "api/v1/communications/<int:pk>/": _c(
        f"{A}/communications/{{}}/", "registered.communication_id", "get", SEES_ALL_IWG_HIDDEN, api=True
    ),
    "api/v1/communications/<int:pk>/decision/": _c(
        f"{A}/communications/{{}}/decision/",
        "registered.communication_id",
        "post",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"kind": "inadmissible", "adopted_on": str(local_date())},
    ),
    "api/v1/communications/<int:pk>/close/": _c(
        f"{A}/communications/{{}}/close/",
        "registered.communication_id",
        "post",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"reason": "Follow-up closed"},
    ),
    # Corrections (issue 11, item 3): the MFA only; the IWG member does not see a registered round's case
    "api/v1/communications/<int:pk>/corrections/": _c(
        f"{A}/communications/{{}}/corrections/",
        "registered.communication_id",
        "post",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {
            "committee": world.registered.communication.committee.code,
            "number": f"{next(_serial) % 9000 + 1}/2020",
            "reason": "Typed wrong",
            "expected_version": world.version(),
        },
    ),
    "api/v1/communications/<int:pk>/merge/": _c(
        f"{A}/communications/{{}}/merge/",
        "registered.communication_id",
        "post",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {
            "duplicate_number": world.duplicate_number,
            "reason": "Registered twice",
            "expected_version": world.version(),
        },
    ),
    "api/v1/communications/<int:pk>/parties/<int:party_pk>/": Case(
        "patch",
        lambda world, role: f"{A}/communications/{world.registered.communication_id}/parties/{world.party.pk}/",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"initials": "P. C.", "reason": "Initials given", "expected_version": world.version()},
    ),
    "api/v1/communications/<int:pk>/parties/<int:party_pk>/confidentiality/": Case(
        "post",
        lambda world, role: (
            f"{A}/communications/{world.registered.communication_id}/parties/{world.party.pk}/confidentiality/"
        ),
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"is_confidential": True, "reason": "Forgotten tick", "expected_version": world.version()},
    ),
    "api/v1/communications/<int:pk>/parties/<int:party_pk>/removal/": Case(
        "post",
        lambda world, role: f"{A}/communications/{world.registered.communication_id}/parties/{world.party.pk}/removal/",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"reason": "Not a party", "expected_version": world.version()},
    ),
    "api/v1/communications/<int:pk>/notes/<int:note_pk>/void/": Case(
        "post",
        lambda world, role: (
            f"{A}/communications/{world.registered.communication_id}/notes/{world.registered.incoming_note_id}/void/"
        ),
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"reason": "Registered by mistake", "expected_version": world.version()},
    ),
    "api/v1/communications/<int:pk>/rounds/<int:round_pk>/void/": Case(
        "post",
        lambda world, role: (
            f"{A}/communications/{world.registered.communication_id}/rounds/{world.registered.pk}/void/"
        ),
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {"reason": "Registered by mistake", "expected_version": world.version()},
    ),
    "api/v1/communications/<int:pk>/history/": _c(
        f"{A}/communications/{{}}/history/",
        "registered.communication_id",
        "get",
        HISTORY,
        api=True,
    ),
    "api/v1/notes/": _c(f"{A}/notes/", None, "post", only("mfa"), api=True, data=lambda world: _note_body()),
    "api/v1/rounds/<int:pk>/": _c(f"{A}/rounds/{{}}/", "registered.pk", "get", SEES_ALL_IWG_HIDDEN, api=True),
    "api/v1/rounds/<int:pk>/referral/": _c(
        f"{A}/rounds/{{}}/referral/", "registered.pk", "post", only("mfa", iwg=HIDE), api=True
    ),
    "api/v1/rounds/<int:pk>/legal-analyses/": _c(
        f"{A}/rounds/{{}}/legal-analyses/",
        "referred.pk",
        "post",
        only("pgo", iwg=HIDE),
        api=True,
        multipart=True,
        data=lambda world: {
            "document": pdf_file(),
            "summary": "Remedies not exhausted.",
            "admissibility_conclusion": "inadmissible",
            "merits_conclusion": "no_violation",
        },
    ),
    "api/v1/rounds/<int:pk>/position/": _c(
        f"{A}/rounds/{{}}/position/",
        "referred.pk",
        "post",
        only("mfa", "pgo", "moj", iwg=HIDE),
        api=True,
        data=lambda world: {"texts": {"en": "Text."}},
    ),
    "api/v1/rounds/<int:pk>/position/approve/": _c(
        f"{A}/rounds/{{}}/position/approve/", "iwg_approved.pk", "post", only("moj"), api=True
    ),
    "api/v1/rounds/<int:pk>/position/send/": _c(
        f"{A}/rounds/{{}}/position/send/",
        "position_approved.pk",
        "post",
        only("mfa"),
        api=True,
        data=lambda world: {"registry_number": f"OUT-S-{next(_serial)}", "sent_on": str(local_date())},
    ),
    "api/v1/rounds/<int:pk>/history/": _c(f"{A}/rounds/{{}}/history/", "registered.pk", "get", HISTORY, api=True),
    "api/v1/deadlines/": _c(f"{A}/deadlines/", None, "get", everyone(), api=True),
    "api/v1/deadlines/<int:pk>/extensions/": _c(
        f"{A}/deadlines/{{}}/extensions/",
        "committee_deadline.pk",
        "post",
        only("mfa", iwg=HIDE),
        api=True,
        data=lambda world: {
            "new_due_on": str(local_date() + dt.timedelta(days=400)),
            "reference": "Ref/1",
            "reason": "Granted",
        },
    ),
    "api/v1/remedies/<int:pk>/actions/": _c(
        f"{A}/remedies/{{}}/actions/",
        "mia_remedy.pk",
        "post",
        only("mfa", "pgo", "moj", "iwg"),
        api=True,
        data=lambda world: {"taken_on": str(local_date()), "description": "Case reopened"},
    ),
    "api/v1/remedies/<int:pk>/grades/": _c(
        f"{A}/remedies/{{}}/grades/",
        "mia_remedy.pk",
        "post",
        only("mfa"),
        api=True,
        data=lambda world: {"grade": "B", "assessed_on": str(local_date()), "state_assessment": "in_progress"},
    ),
    "api/v1/meetings/": _c(f"{A}/meetings/", None, "get", everyone(), api=True),
    "api/v1/meetings/<int:pk>/": _c(f"{A}/meetings/{{}}/", "planned_meeting.pk", "get", everyone(), api=True),
    "api/v1/meetings/<int:pk>/agenda-items/": _c(
        f"{A}/meetings/{{}}/agenda-items/", "planned_meeting.pk", "post", only("moj"), api=True
    ),
    "api/v1/meetings/<int:pk>/held/": _c(
        f"{A}/meetings/{{}}/held/",
        "held_meeting_to_record.pk",
        "post",
        only("moj"),
        api=True,
        data=lambda world: {
            "participants": [world.users["pgo"].pk],
            "decisions": [{"agenda_item_id": world.past_item.pk, "decision": "approve_position"}],
        },
    ),
    "api/v1/meetings/<int:pk>/cancel/": _c(
        f"{A}/meetings/{{}}/cancel/",
        "planned_meeting.pk",
        "post",
        only("moj"),
        api=True,
        data=lambda world: {"reason": "No quorum"},
    ),
    "api/v1/meetings/<int:pk>/history/": _c(
        f"{A}/meetings/{{}}/history/", "planned_meeting.pk", "get", only("auditor", "admin"), api=True
    ),
    "api/v1/notifications/": _c(f"{A}/notifications/", None, "get", everyone(), api=True),
    # Exports, the meeting pack, calendars and imports (issue 12)
    "api/v1/communications/export/": _c(f"{A}/communications/export/?format=csv", None, "get", everyone(), api=True),
    "api/v1/communications/<int:pk>/export/": _c(
        f"{A}/communications/{{}}/export/?format=xlsx",
        "registered.communication_id",
        "get",
        SEES_ALL_IWG_HIDDEN,
        api=True,
    ),
    "api/v1/deadlines/export/": _c(f"{A}/deadlines/export/?format=csv", None, "get", everyone(), api=True),
    "api/v1/exports/<int:pk>/": Case(
        "get", lambda world, role: f"{A}/exports/{world.export_job(role).pk}/", everyone(), api=True
    ),
    "api/v1/exports/<int:pk>/download/": Case(
        "get", lambda world, role: f"{A}/exports/{world.export_job(role).pk}/download/", everyone(), api=True
    ),
    "api/v1/imports/": _c(
        f"{A}/imports/",
        None,
        "post",
        only("mfa", "admin"),
        api=True,
        multipart=True,
        data=lambda world: {"file": SimpleUploadedFile("x.csv", b"committee,number\nCAT,5/2015\n")},
    ),
    "api/v1/imports/<int:pk>/": Case(
        "get", lambda world, role: f"{A}/imports/{world.import_job(role).pk}/", everyone(), api=True
    ),
    "api/v1/imports/<int:pk>/confirm/": Case(
        "post", lambda world, role: f"{A}/imports/{world.import_job(role).pk}/confirm/", only("mfa", "admin"), api=True
    ),
    "api/v1/meetings/<int:pk>/pack/": _c(f"{A}/meetings/{{}}/pack/", "planned_meeting.pk", "get", everyone(), api=True),
    "api/v1/meetings/<int:pk>/minutes/": _c(
        f"{A}/meetings/{{}}/minutes/", "held_meeting.pk", "get", everyone(), api=True
    ),
    "api/v1/meetings/<int:pk>/calendar/": _c(
        f"{A}/meetings/{{}}/calendar/", "planned_meeting.pk", "get", everyone(), api=True
    ),
    "api/v1/calendar/": _c(f"{A}/calendar/", None, "get", everyone(), api=True),
    "api/v1/notifications/read/": _c(f"{A}/notifications/read/", None, "post", everyone(), api=True),
    "api/v1/stats/": _c(f"{A}/stats/", None, "get", everyone(), api=True),
    # Recommendations: every role reads; the steps by role (and a report by the measure's responsible agency).
    "recommendations/": _c("/recommendations/", None, "get", everyone()),
    "recommendations/export/": _c("/recommendations/export/?format=csv", None, "get", everyone()),
    "recommendations/<int:pk>/": _c("/recommendations/{}/", "supported_recommendation.pk", "get", everyone()),
    "recommendations/<int:pk>/response/": _c(
        "/recommendations/{}/response/", "pending_recommendation.pk", "post", only("mfa")
    ),
    "recommendations/<int:pk>/response/record/": _c(
        "/recommendations/{}/response/record/", "pending_recommendation.pk", "post", only("mfa")
    ),
    "recommendations/<int:pk>/measures/new/": _c(
        "/recommendations/{}/measures/new/", "supported_recommendation.pk", "post", only("mfa", "moj")
    ),
    "recommendations/reviews/<int:pk>/": _c("/recommendations/reviews/{}/", "review.pk", "get", everyone()),
    "recommendations/reviews/<int:pk>/import/": _c(
        "/recommendations/reviews/{}/import/", "review.pk", "post", only("mfa", "moj", "admin")
    ),
    "recommendations/measures/<int:pk>/": _c("/recommendations/measures/{}/", "pgo_measure.pk", "get", everyone()),
    "recommendations/measures/<int:pk>/reports/": _c(
        "/recommendations/measures/{}/reports/", "pgo_measure.pk", "post", only("pgo")
    ),
    "recommendations/reports/<int:pk>/review/": _c(
        "/recommendations/reports/{}/review/", "submitted_report.pk", "post", only("mfa", "moj")
    ),
    "api/v1/reviews/": _c(f"{A}/reviews/", None, "get", everyone(), api=True),
    "api/v1/reviews/<int:pk>/import/": _c(
        f"{A}/reviews/{{}}/import/", "review.pk", "post", only("mfa", "moj", "admin"), api=True, multipart=True
    ),
    "api/v1/recommendations/": _c(f"{A}/recommendations/", None, "get", everyone(), api=True),
    "api/v1/recommendations/export/": _c(f"{A}/recommendations/export/?format=csv", None, "get", everyone(), api=True),
    "api/v1/recommendations/<int:pk>/": _c(
        f"{A}/recommendations/{{}}/", "supported_recommendation.pk", "get", everyone(), api=True
    ),
    "api/v1/recommendations/<int:pk>/response/": _c(
        f"{A}/recommendations/{{}}/response/",
        "pending_recommendation.pk",
        "post",
        only("mfa"),
        api=True,
        data=lambda world: {"position": "supported"},
    ),
    "api/v1/recommendations/<int:pk>/communications/": _c(
        f"{A}/recommendations/{{}}/communications/",
        "supported_recommendation.pk",
        "post",
        only("mfa", "moj"),
        api=True,
        data=lambda world: {"communication_id": world.registered.communication_id},
    ),
    "api/v1/themes/": _c(f"{A}/themes/", None, "get", everyone(), api=True),
    "api/v1/measures/": _c(
        f"{A}/measures/",
        None,
        "post",
        only("mfa", "moj"),
        api=True,
        data=lambda world: {
            "recommendation_ids": [world.supported_recommendation.pk],
            "title": "A measure",
            "responsible_agency": "PGO",
            "indicator": "Done",
            "target_date": str(local_date() + dt.timedelta(days=30)),
        },
    ),
    "api/v1/measures/<int:pk>/progress-reports/": _c(
        f"{A}/measures/{{}}/progress-reports/",
        "pgo_measure.pk",
        "post",
        only("pgo"),
        api=True,
        data=lambda world: {"text": "Done"},
    ),
    "api/v1/progress-reports/<int:pk>/review/": _c(
        f"{A}/progress-reports/{{}}/review/",
        "submitted_report.pk",
        "post",
        only("mfa", "moj"),
        api=True,
        data=lambda world: {"decision": "accept"},
    ),
    "api/v1/meetings/<int:pk>/response-items/": _c(
        f"{A}/meetings/{{}}/response-items/",
        "planned_meeting.pk",
        "post",
        only("moj"),
        api=True,
        data=lambda world: {"recommendation_id": world.proposed_recommendation.pk},
    ),
}

ORDER = {DENY: 0, HIDE: 1, ALLOW: 2}  # refused first: the allowed action (which may change the object) runs last


def test_every_route_has_an_expectation():
    routes = [route for route, _name in url_patterns()]
    missing = [route for route in routes if route not in MATRIX and not is_exempt(route)]
    assert not missing, f"routes with no expectation in the access matrix: {missing}"
    stale = [route for route in MATRIX if route not in routes]
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"
    assert len(MATRIX) >= 60


def test_every_expectation_names_every_role():
    for route, case in MATRIX.items():
        assert set(case.expect) == set(ROLES), route


def _client(users, role, api: bool) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role is None:
        return client
    if api:
        token = api_token(users[role])
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    else:
        client.force_login(users[role])
    return client


def _request(client, case: Case, url: str, api: bool, world=None):
    if case.method == "get":
        return client.get(url)
    body = case.data(world) if case.data else {}
    if case.multipart:
        return client.post(url, data=body)
    if api:
        return getattr(client, case.method)(url, data=json.dumps(body), content_type="application/json")
    return getattr(client, case.method)(url, data=body)


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_answers_each_role_as_the_matrix_says(users, route):
    case = MATRIX[route]
    world = World(users)
    failures = []
    # anonymous first: a sign-in redirect on pages, 401 on the API
    response = _request(_client(users, None, case.api), case, case.url(world, "mfa"), case.api, world)
    if case.api:
        if response.status_code != 401:
            failures.append(f"anonymous: {response.status_code}, expected 401")
    elif not (response.status_code == 302 and "/accounts/login/" in response["Location"]):
        failures.append(f"anonymous: {response.status_code}, expected a redirect to sign in")
    for role in sorted(ROLES, key=lambda role: ORDER[case.expect[role]]):
        expected = case.expect[role]
        url = case.url(world, role)
        response = _request(_client(users, role, case.api), case, url, case.api, world)
        status = response.status_code
        ok = {
            ALLOW: status not in (401, 403, 404, 405) and status < 500,
            DENY: status == 403,
            HIDE: status == 404,
        }[expected]
        if not ok:
            failures.append(f"{role} {case.method.upper()} {url}: {status}, expected {expected}")
    assert not failures, failures
