"""Exports of the register, the deadlines and a case file: formats, masking for every role, the access event, the
background job for large exports, the page buttons."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from communications.models import ExportJob, Round
from iwg.models import AccessEvent
from tests.api.conftest import ROLES, token_client
from tests.factories import round_at

pytestmark = pytest.mark.django_db

SEES_NAMES = {"mfa", "pgo", "auditor"}


@pytest.fixture
def confidential_round(users):
    """A round on an IWG agenda (so every role sees it) of a communication whose author is confidential."""
    return round_at(
        users,
        Round.Status.ON_AGENDA,
        communication_fields={
            "subject": "Detention conditions",
            "articles_invoked": ["7", "10"],
            "submitted_on": dt.date(2024, 5, 2),
            "parties": [
                {"role": "author", "full_name": "Erlan Zhaksybekov", "initials": "E.Z.", "is_confidential": True},
                {"role": "victim", "full_name": "Aigul Nurlanova", "initials": "A.N.", "is_confidential": False},
            ],
        },
    )


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("role", ROLES)
def test_register_export_masks_confidential_author_for_roles_that_see_initials(users, confidential_round, role):
    # given a confidential author and a user of `role`
    client = token_client(users[role])
    number = confidential_round.communication.number

    # when the register is exported as CSV and as XLSX
    csv_response = client.get("/api/v1/communications/export/", {"format": "csv", "q": number})
    xlsx_response = client.get("/api/v1/communications/export/", {"format": "xlsx", "q": number})

    # then the author is named only for the roles that see names on the pages
    assert csv_response.status_code == 200, csv_response.content
    (row,) = _csv_rows(csv_response.content)
    expected = "Erlan Zhaksybekov" if role in SEES_NAMES else "E.Z."
    assert row["author"] == expected
    assert row["victims"] == "Aigul Nurlanova"
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_response.content))
    data = workbook.worksheets[1]
    values = [cell.value for cell in data[2]]
    assert expected in values
    assert ("Erlan Zhaksybekov" in values) == (role in SEES_NAMES)
    assert "Zhaksybekov" not in (xlsx_response.content.decode("latin-1") if role not in SEES_NAMES else "")


def test_register_csv_uses_the_api_field_names_and_iso_dates(users, confidential_round):
    response = token_client(users["mfa"]).get("/api/v1/communications/export/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:15] == [
        "committee",
        "number",
        "author",
        "author_confidential",
        "victims",
        "subject_matter",
        "articles_invoked",
        "date_submitted",
        "date_transmitted",
        "decision_kind",
        "decision_date",
        "document_symbol",
        "articles_violated",
        "remedies",
        "follow_up_grade",
    ]
    (row,) = _csv_rows(response.content)
    assert row["date_submitted"] == "2024-05-02"
    assert row["author_confidential"] == "true"
    assert row["articles_invoked"] == "7; 10"


def test_register_xlsx_has_an_about_sheet_translated_headers_and_real_dates(users, confidential_round):
    client = token_client(users["moj"])
    client.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="ru")
    response = client.get("/api/v1/communications/export/", {"format": "xlsx", "committee": "CCPR"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    about = workbook.worksheets[0]
    text = " ".join(str(cell.value) for row in about.iter_rows() for cell in row if cell.value)
    assert users["moj"].username in text
    assert "committee=CCPR" in text
    assert "персональные данные" in text
    data = workbook.worksheets[1]
    headers = [cell.value for cell in data[1]]
    assert "комитет" in headers
    submitted = data.cell(row=2, column=headers.index("дата представления") + 1).value
    assert isinstance(submitted, dt.datetime) and submitted.date() == dt.date(2024, 5, 2)


def test_every_export_writes_an_export_access_event(users, confidential_round):
    client = token_client(users["mfa"])
    before = AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).count()
    client.get("/api/v1/communications/export/", {"format": "csv"})
    client.get("/api/v1/deadlines/export/", {"format": "xlsx"})
    client.get(f"/api/v1/communications/{confidential_round.communication_id}/export/", {"format": "xlsx"})
    events = AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, user=users["mfa"]).order_by("id")
    assert events.count() == before + 3
    assert [event.detail.split(":")[0] for event in events][-3:] == ["register csv", "deadlines xlsx", "case file xlsx"]


def test_export_rejects_an_unknown_format_and_bad_filters_in_the_error_shape(users):
    client = token_client(users["mfa"])
    response = client.get("/api/v1/communications/export/", {"format": "docx"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["format"]
    response = client.get("/api/v1/communications/export/", {"format": "csv", "committee": "XYZ"})
    assert response.status_code == 400
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).count() == 0


def test_case_file_of_an_invisible_communication_is_404(users, reference_data):
    from tests.factories import register_note

    note = register_note(users)
    response = token_client(users["iwg"]).get(f"/api/v1/communications/{note.communication_id}/export/?format=xlsx")
    assert response.status_code == 404


def test_deadlines_export_lists_each_deadline_with_api_names(users, confidential_round):
    response = token_client(users["mfa"]).get("/api/v1/deadlines/export/", {"format": "csv"})
    rows = _csv_rows(response.content)
    assert {int(row["id"]) for row in rows} == set(confidential_round.deadlines.values_list("id", flat=True))
    assert {"kind", "due_on", "status", "responsible_agency", "round_kind"} <= set(rows[0])


def test_case_file_xlsx_and_pdf_hold_rounds_deadlines_and_timeline(users, confidential_round):
    client = token_client(users["moj"])
    pk = confidential_round.communication_id
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/api/v1/communications/{pk}/export/?format=xlsx").content)
    )
    assert len(workbook.worksheets) == 7  # about, communication, rounds, deadlines, decision, remedies, timeline
    timeline = workbook.worksheets[-1]
    assert timeline.max_row > 2
    response = client.get(f"/api/v1/communications/{pk}/export/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert confidential_round.communication.number in text
    assert "E.Z." in text and "Zhaksybekov" not in text


def test_case_file_pdf_without_pango_says_unavailable(users, confidential_round, monkeypatch, client):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as without Pango
    pk = confidential_round.communication_id
    response = token_client(users["moj"]).get(f"/api/v1/communications/{pk}/export/?format=pdf")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "pdf_unavailable"
    client.force_login(users["moj"])
    page = client.get(reverse("communications:detail", args=[pk]))
    assert "unavailable on this server" in page.content.decode()


def test_large_export_runs_as_a_job_with_progress_and_owner_only_download(
    users, confidential_round, settings, client, django_capture_on_commit_callbacks
):
    # given a limit below the number of rows
    settings.IWG_EXPORT_SYNC_LIMIT = 0
    client.force_login(users["mfa"])

    # when the register is exported from the page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("communications:export") + "?format=csv&committee=CCPR")

    # then a job was queued, ran (eager), and its page offers the file to its owner only
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("communications:export_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100 and job.row_count == 1
    assert "format=csv" not in str(job.filters) and job.filters["committee"] == "CCPR"
    page = client.get(response.url)
    assert reverse("communications:export_job_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("communications:export_job_download", args=[job.pk]))
    assert b"".join(download.streaming_content).decode("utf-8-sig").startswith("committee,number")
    api = token_client(users["moj"])
    assert api.get(f"/api/v1/exports/{job.pk}/").status_code == 404
    assert token_client(users["mfa"]).get(f"/api/v1/exports/{job.pk}/").json()["status"] == "done"


def test_api_large_export_answers_202_with_the_job(users, confidential_round, settings):
    settings.IWG_EXPORT_SYNC_LIMIT = 0
    response = token_client(users["mfa"]).get("/api/v1/deadlines/export/?format=xlsx")
    assert response.status_code == 202
    assert response.json()["status_url"] == f"/api/v1/exports/{response.json()['id']}/"


def test_register_page_export_buttons_carry_the_current_filters(users, confidential_round, client):
    client.force_login(users["mfa"])
    page = client.get(reverse("communications:list") + "?committee=CCPR&sort=number").content.decode()
    assert "/communications/export/?committee=CCPR&amp;sort=number&amp;format=xlsx" in page
    response = client.get("/communications/export/?committee=CAT&sort=number&format=csv")
    assert _csv_rows(response.content) == []


def test_register_export_query_count_does_not_grow_with_rows(users, django_assert_max_num_queries):
    for _ in range(3):
        round_at(users, Round.Status.REGISTERED)
    client = token_client(users["mfa"])
    with django_assert_max_num_queries(14):
        response = client.get("/api/v1/communications/export/?format=xlsx")
    assert response.status_code == 200


def test_deadlines_export_query_count_does_not_grow_with_rows(users, django_assert_max_num_queries):
    for _ in range(3):
        round_at(users, Round.Status.REGISTERED)
    client = token_client(users["mfa"])
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/deadlines/export/?format=csv")
    assert len(_csv_rows(response.content)) >= 3 * 5
