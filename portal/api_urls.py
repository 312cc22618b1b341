"""Every route of the REST API, version 1, mounted at /api/v1/ by portal/urls.py. Paths are a contract with other
systems: add, never rename. The schema (OpenAPI 3) and its interactive documentation are served from here, offline
(drf-spectacular-sidecar)."""

from django.urls import path, re_path

from audit import apis as audit_apis
from communications.apis import communications as communication_apis
from communications.apis import corrections as correction_apis
from communications.apis import deadlines as deadline_apis
from communications.apis import decisions as decision_apis
from communications.apis import exports as export_apis
from communications.apis import imports as import_apis
from communications.apis import notifications as notification_apis
from communications.apis import rounds as round_apis
from iwg import apis
from meetings import apis as meeting_apis
from recommendations import apis as recommendation_apis

from . import apis as portal_apis

app_name = "api"


def _lazy_view(name: str, **initkwargs):
    """drf-spectacular's view `name`, imported on its first request: the schema generator is heavy and most
    processes (workers, commands, most requests) never serve the schema."""
    view = None

    def lazy(request, *args, **kwargs):
        nonlocal view
        if view is None:
            from drf_spectacular import views

            view = getattr(views, name).as_view(**initkwargs)
        return view(request, *args, **kwargs)

    lazy.csrf_exempt = True  # type: ignore[attr-defined]  # as DRF's views are
    return lazy


urlpatterns = [
    path("schema/", _lazy_view("SpectacularAPIView"), name="schema"),
    path("docs/", _lazy_view("SpectacularSwaggerSplitView", url_name="api:schema"), name="docs"),
    path("auth/token/", apis.AuthTokenApi.as_view(), name="auth-token"),
    # Communications, notes and rounds
    path("communications/", communication_apis.CommunicationsApi.as_view(), name="communication-list"),
    path("communications/export/", export_apis.CommunicationExportApi.as_view(), name="communication-export"),
    path(
        "communications/<int:pk>/export/",
        export_apis.CommunicationCaseFileExportApi.as_view(),
        name="communication-case-file-export",
    ),
    path("communications/<int:pk>/", communication_apis.CommunicationDetailApi.as_view(), name="communication-detail"),
    path(
        "communications/<int:pk>/close/", communication_apis.CommunicationCloseApi.as_view(), name="communication-close"
    ),
    path(
        "communications/<int:pk>/decision/",
        decision_apis.DecisionRecordApi.as_view(),
        name="communication-decision",
    ),
    # Corrections (MFA): each with a reason and the communication's expected_version
    path(
        "communications/<int:pk>/corrections/",
        correction_apis.CommunicationCorrectionApi.as_view(),
        name="communication-corrections",
    ),
    path("communications/<int:pk>/merge/", correction_apis.CommunicationMergeApi.as_view(), name="communication-merge"),
    path(
        "communications/<int:pk>/parties/<int:party_pk>/",
        correction_apis.PartyCorrectionApi.as_view(),
        name="communication-party",
    ),
    path(
        "communications/<int:pk>/parties/<int:party_pk>/confidentiality/",
        correction_apis.PartyConfidentialityApi.as_view(),
        name="communication-party-confidentiality",
    ),
    path(
        "communications/<int:pk>/parties/<int:party_pk>/removal/",
        correction_apis.PartyRemovalApi.as_view(),
        name="communication-party-removal",
    ),
    path(
        "communications/<int:pk>/notes/<int:note_pk>/void/",
        correction_apis.NoteVoidApi.as_view(),
        name="communication-note-void",
    ),
    path(
        "communications/<int:pk>/rounds/<int:round_pk>/void/",
        correction_apis.RoundVoidApi.as_view(),
        name="communication-round-void",
    ),
    path(
        "communications/<int:pk>/history/",
        audit_apis.CommunicationHistoryApi.as_view(),
        name="communication-history",
    ),
    path("notes/", communication_apis.NoteRegisterApi.as_view(), name="note-register"),
    path("rounds/<int:pk>/", round_apis.RoundDetailApi.as_view(), name="round-detail"),
    path("rounds/<int:pk>/referral/", round_apis.RoundReferApi.as_view(), name="round-referral"),
    path("rounds/<int:pk>/legal-analyses/", round_apis.AnalysisSubmitApi.as_view(), name="round-legal-analyses"),
    path("rounds/<int:pk>/position/", round_apis.PositionDraftApi.as_view(), name="round-position"),
    path(
        "rounds/<int:pk>/position/approve/",
        round_apis.PositionApproveApi.as_view(),
        name="round-position-approve",
    ),
    path("rounds/<int:pk>/position/send/", round_apis.PositionSendApi.as_view(), name="round-position-send"),
    path("rounds/<int:pk>/history/", audit_apis.RoundHistoryApi.as_view(), name="round-history"),
    # Deadlines, decisions and remedies
    path("deadlines/", deadline_apis.DeadlineListApi.as_view(), name="deadline-list"),
    path("deadlines/export/", export_apis.DeadlineExportApi.as_view(), name="deadline-export"),
    path("exports/<int:pk>/", export_apis.ExportJobApi.as_view(), name="export-job"),
    path("imports/", import_apis.ImportsApi.as_view(), name="import-list"),
    path("imports/<int:pk>/", import_apis.ImportDetailApi.as_view(), name="import-detail"),
    path("imports/<int:pk>/confirm/", import_apis.ImportConfirmApi.as_view(), name="import-confirm"),
    path("exports/<int:pk>/download/", export_apis.ExportJobDownloadApi.as_view(), name="export-job-download"),
    path("deadlines/<int:pk>/extensions/", deadline_apis.DeadlineExtendApi.as_view(), name="deadline-extensions"),
    path("remedies/<int:pk>/actions/", decision_apis.RemedyActionRecordApi.as_view(), name="remedy-actions"),
    path("remedies/<int:pk>/grades/", decision_apis.RemedyGradeRecordApi.as_view(), name="remedy-grades"),
    # IWG meetings
    path("meetings/", meeting_apis.MeetingsApi.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", meeting_apis.MeetingDetailApi.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/agenda-items/", meeting_apis.AgendaItemAddApi.as_view(), name="meeting-agenda-items"),
    path("meetings/<int:pk>/held/", meeting_apis.MeetingHeldApi.as_view(), name="meeting-held"),
    path("meetings/<int:pk>/cancel/", meeting_apis.MeetingCancelApi.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/history/", audit_apis.MeetingHistoryApi.as_view(), name="meeting-history"),
    path("meetings/<int:pk>/pack/", meeting_apis.MeetingPackApi.as_view(), name="meeting-pack"),
    path("meetings/<int:pk>/minutes/", meeting_apis.MeetingMinutesApi.as_view(), name="meeting-minutes"),
    path("meetings/<int:pk>/calendar/", meeting_apis.MeetingCalendarApi.as_view(), name="meeting-calendar"),
    path("calendar/", meeting_apis.CalendarApi.as_view(), name="calendar"),
    path("meetings/<int:pk>/response-items/", meeting_apis.ResponseItemAddApi.as_view(), name="meeting-response-items"),
    # Recommendations (UPR, concluding observations) and the action plan
    path("reviews/", recommendation_apis.ReviewsApi.as_view(), name="review-list"),
    path("reviews/<int:pk>/import/", recommendation_apis.ReviewImportApi.as_view(), name="review-import"),
    path("recommendations/", recommendation_apis.RecommendationsApi.as_view(), name="recommendation-list"),
    path(
        "recommendations/export/",
        recommendation_apis.RecommendationExportApi.as_view(),
        name="recommendation-export",
    ),
    path(
        "recommendations/<int:pk>/", recommendation_apis.RecommendationDetailApi.as_view(), name="recommendation-detail"
    ),
    path(
        "recommendations/<int:pk>/response/",
        recommendation_apis.ResponseProposeApi.as_view(),
        name="recommendation-response",
    ),
    path(
        "recommendations/<int:pk>/communications/",
        recommendation_apis.RecommendationLinkApi.as_view(),
        name="recommendation-communications",
    ),
    path("themes/", recommendation_apis.ThemesApi.as_view(), name="theme-list"),
    path("measures/", recommendation_apis.MeasuresApi.as_view(), name="measure-list"),
    path(
        "measures/<int:pk>/progress-reports/",
        recommendation_apis.ProgressReportsApi.as_view(),
        name="measure-progress-reports",
    ),
    path(
        "progress-reports/<int:pk>/review/",
        recommendation_apis.ProgressReportReviewApi.as_view(),
        name="progress-report-review",
    ),
    # The user's notices and the figures
    path("notifications/", notification_apis.NotificationListApi.as_view(), name="notification-list"),
    path("notifications/read/", notification_apis.NotificationReadApi.as_view(), name="notification-read"),
    path("stats/", portal_apis.StatsApi.as_view(), name="stats"),
    # Anything else under /api/v1/: a 404 in the API's error shape.
    re_path(r"^.*$", apis.api_not_found),
]
