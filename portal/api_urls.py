"""Every route of the REST API, version 1, mounted at /api/v1/ by portal/urls.py. Paths are a contract with other
systems: add, never rename. The schema (OpenAPI 3) and its interactive documentation are served from here, offline
(drf-spectacular-sidecar)."""

from django.urls import path, re_path
from django.utils.module_loading import import_string

from iwg.views import api_not_found

app_name = "api"


class LazyApiView:
    """The DRF view (or drf-spectacular's) at dotted `path`, imported on its first request. Loading the URL
    configuration (`manage.py check`, every process's first request) then loads none of the API's modules, nor DRF's
    views or drf-spectacular: only a process that serves the API does.

    It passes for the view DRF's `as_view()` returns: exempt from Django's CSRF check (as DRF's views are; the
    session authentication enforces CSRF itself), named after the view's class (Django's route names, the
    resolver's `_func_path`), and any other attribute (`cls`, `initkwargs`, read by the schema generator) is the
    real view's. Except `view_class`: Django names every route by it when it first reverses a URL, which would
    import every API module on the first page of every process; the name is the same without it."""

    csrf_exempt = True

    def __init__(self, path: str, **initkwargs):
        self.__module__, _, self.__name__ = path.rpartition(".")
        self.__qualname__ = self.__name__
        self._path, self._initkwargs, self._view = path, initkwargs, None

    def _load(self):
        if self._view is None:
            self._view = import_string(self._path).as_view(**self._initkwargs)
        return self._view

    def __call__(self, request, *args, **kwargs):
        return self._load()(request, *args, **kwargs)

    def __getattr__(self, name: str):
        if name == "view_class" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._load(), name)


api = LazyApiView  # short, in the routes below


urlpatterns = [
    path("schema/", api("drf_spectacular.views.SpectacularAPIView"), name="schema"),
    path("docs/", api("drf_spectacular.views.SpectacularSwaggerSplitView", url_name="api:schema"), name="docs"),
    path("auth/token/", api("iwg.apis.AuthTokenApi"), name="auth-token"),
    # Communications, notes and rounds
    path("communications/", api("communications.apis.communications.CommunicationsApi"), name="communication-list"),
    path(
        "communications/export/", api("communications.apis.exports.CommunicationExportApi"), name="communication-export"
    ),
    path(
        "communications/<int:pk>/export/",
        api("communications.apis.exports.CommunicationCaseFileExportApi"),
        name="communication-case-file-export",
    ),
    path(
        "communications/<int:pk>/",
        api("communications.apis.communications.CommunicationDetailApi"),
        name="communication-detail",
    ),
    path(
        "communications/<int:pk>/close/",
        api("communications.apis.communications.CommunicationCloseApi"),
        name="communication-close",
    ),
    path(
        "communications/<int:pk>/decision/",
        api("communications.apis.decisions.DecisionRecordApi"),
        name="communication-decision",
    ),
    # Corrections (MFA): each with a reason and the communication's expected_version
    path(
        "communications/<int:pk>/corrections/",
        api("communications.apis.corrections.CommunicationCorrectionApi"),
        name="communication-corrections",
    ),
    path(
        "communications/<int:pk>/merge/",
        api("communications.apis.corrections.CommunicationMergeApi"),
        name="communication-merge",
    ),
    path(
        "communications/<int:pk>/parties/<int:party_pk>/",
        api("communications.apis.corrections.PartyCorrectionApi"),
        name="communication-party",
    ),
    path(
        "communications/<int:pk>/parties/<int:party_pk>/confidentiality/",
        api("communications.apis.corrections.PartyConfidentialityApi"),
        name="communication-party-confidentiality",
    ),
    path(
        "communications/<int:pk>/parties/<int:party_pk>/removal/",
        api("communications.apis.corrections.PartyRemovalApi"),
        name="communication-party-removal",
    ),
    path(
        "communications/<int:pk>/notes/<int:note_pk>/void/",
        api("communications.apis.corrections.NoteVoidApi"),
        name="communication-note-void",
    ),
    path(
        "communications/<int:pk>/rounds/<int:round_pk>/void/",
        api("communications.apis.corrections.RoundVoidApi"),
        name="communication-round-void",
    ),
    path(
        "communications/<int:pk>/history/",
        api("audit.apis.CommunicationHistoryApi"),
        name="communication-history",
    ),
    path("notes/", api("communications.apis.communications.NoteRegisterApi"), name="note-register"),
    path("rounds/<int:pk>/", api("communications.apis.rounds.RoundDetailApi"), name="round-detail"),
    path("rounds/<int:pk>/referral/", api("communications.apis.rounds.RoundReferApi"), name="round-referral"),
    path(
        "rounds/<int:pk>/legal-analyses/",
        api("communications.apis.rounds.AnalysisSubmitApi"),
        name="round-legal-analyses",
    ),
    path("rounds/<int:pk>/position/", api("communications.apis.rounds.PositionDraftApi"), name="round-position"),
    path(
        "rounds/<int:pk>/position/approve/",
        api("communications.apis.rounds.PositionApproveApi"),
        name="round-position-approve",
    ),
    path(
        "rounds/<int:pk>/position/send/", api("communications.apis.rounds.PositionSendApi"), name="round-position-send"
    ),
    path("rounds/<int:pk>/history/", api("audit.apis.RoundHistoryApi"), name="round-history"),
    # Deadlines, decisions and remedies
    path("deadlines/", api("communications.apis.deadlines.DeadlineListApi"), name="deadline-list"),
    path("deadlines/export/", api("communications.apis.exports.DeadlineExportApi"), name="deadline-export"),
    path("exports/<int:pk>/", api("communications.apis.exports.ExportJobApi"), name="export-job"),
    path("imports/", api("communications.apis.imports.ImportsApi"), name="import-list"),
    path("imports/<int:pk>/", api("communications.apis.imports.ImportDetailApi"), name="import-detail"),
    path("imports/<int:pk>/confirm/", api("communications.apis.imports.ImportConfirmApi"), name="import-confirm"),
    path(
        "exports/<int:pk>/download/",
        api("communications.apis.exports.ExportJobDownloadApi"),
        name="export-job-download",
    ),
    path(
        "deadlines/<int:pk>/extensions/",
        api("communications.apis.deadlines.DeadlineExtendApi"),
        name="deadline-extensions",
    ),
    path(
        "remedies/<int:pk>/actions/", api("communications.apis.decisions.RemedyActionRecordApi"), name="remedy-actions"
    ),
    path("remedies/<int:pk>/grades/", api("communications.apis.decisions.RemedyGradeRecordApi"), name="remedy-grades"),
    # IWG meetings
    path("meetings/", api("meetings.apis.MeetingsApi"), name="meeting-list"),
    path("meetings/<int:pk>/", api("meetings.apis.MeetingDetailApi"), name="meeting-detail"),
    path("meetings/<int:pk>/agenda-items/", api("meetings.apis.AgendaItemAddApi"), name="meeting-agenda-items"),
    path("meetings/<int:pk>/held/", api("meetings.apis.MeetingHeldApi"), name="meeting-held"),
    path("meetings/<int:pk>/cancel/", api("meetings.apis.MeetingCancelApi"), name="meeting-cancel"),
    path("meetings/<int:pk>/history/", api("audit.apis.MeetingHistoryApi"), name="meeting-history"),
    path("meetings/<int:pk>/pack/", api("meetings.apis.MeetingPackApi"), name="meeting-pack"),
    path("meetings/<int:pk>/minutes/", api("meetings.apis.MeetingMinutesApi"), name="meeting-minutes"),
    path("meetings/<int:pk>/calendar/", api("meetings.apis.MeetingCalendarApi"), name="meeting-calendar"),
    path("calendar/", api("meetings.apis.CalendarApi"), name="calendar"),
    path("meetings/<int:pk>/response-items/", api("meetings.apis.ResponseItemAddApi"), name="meeting-response-items"),
    # Recommendations (UPR, concluding observations) and the action plan
    path("reviews/", api("recommendations.apis.ReviewsApi"), name="review-list"),
    path("reviews/<int:pk>/import/", api("recommendations.apis.ReviewImportApi"), name="review-import"),
    path("recommendations/", api("recommendations.apis.RecommendationsApi"), name="recommendation-list"),
    path(
        "recommendations/export/",
        api("recommendations.apis.RecommendationExportApi"),
        name="recommendation-export",
    ),
    path(
        "recommendations/<int:pk>/", api("recommendations.apis.RecommendationDetailApi"), name="recommendation-detail"
    ),
    path(
        "recommendations/<int:pk>/response/",
        api("recommendations.apis.ResponseProposeApi"),
        name="recommendation-response",
    ),
    path(
        "recommendations/<int:pk>/communications/",
        api("recommendations.apis.RecommendationLinkApi"),
        name="recommendation-communications",
    ),
    path("themes/", api("recommendations.apis.ThemesApi"), name="theme-list"),
    path("measures/", api("recommendations.apis.MeasuresApi"), name="measure-list"),
    path(
        "measures/<int:pk>/progress-reports/",
        api("recommendations.apis.ProgressReportsApi"),
        name="measure-progress-reports",
    ),
    path(
        "progress-reports/<int:pk>/review/",
        api("recommendations.apis.ProgressReportReviewApi"),
        name="progress-report-review",
    ),
    # The user's notices and the figures
    path("notifications/", api("communications.apis.notifications.NotificationListApi"), name="notification-list"),
    path("notifications/read/", api("communications.apis.notifications.NotificationReadApi"), name="notification-read"),
    path("stats/", api("portal.apis.StatsApi"), name="stats"),
    # Anything else under /api/v1/: a 404 in the API's error shape.
    re_path(r"^.*$", api_not_found),
]
