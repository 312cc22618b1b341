from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("new/", views.meeting_schedule, name="schedule"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_update, name="update"),
    path("<int:pk>/agenda/", views.agenda_item_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_item_remove, name="agenda_remove"),
    path("<int:pk>/held/", views.meeting_record_held, name="record_held"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/minutes/", views.minutes_download, name="minutes"),
    path("<int:pk>/pack.pdf", views.meeting_pack, name="pack"),
    path("<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/agenda/print/", views.agenda_print, name="agenda_print"),
    path("<int:pk>/invitation.ics", views.meeting_invitation, name="invitation"),
    path("calendar/feed/", views.calendar_feed_page, name="calendar_feed"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed_secret, name="calendar_feed_secret"),
]
