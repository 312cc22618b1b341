"""Importing a caseload from a spreadsheet: the preview with each row's problems, confirmation, idempotent
re-import, updates with history, historical cases with no open deadline, the export–import round trip, the API
and the management command."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from communications import services
from communications.models import (
    Communication,
    Deadline,
    Decision,
    Event,
    ImportJob,
    JoinedNumber,
    Party,
    Remedy,
    Round,
)
from communications.services import imports as import_services
from iwg.calendar import local_date
from iwg.models import Agency
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

HEADER = (
    "committee,number,author,author_confidential,victims,subject_matter,articles_invoked,date_submitted,"
    "date_transmitted,decision_kind,decision_date,document_symbol,articles_violated,remedies,follow_up_grade"
)


def _past_cases(count: int) -> str:
    lines = [HEADER]
    for index in range(count):
        year = 2010 + index % 10
        kind = ["views", "inadmissibility", "discontinuance", "views_no_violation"][index % 4]
        remedies = "compensation;non_repetition" if kind == "views" else ""
        grade = "B" if kind == "views" else ""
        lines.append(
            f"CCPR,{100 + index}/{year},Author {index},{'true' if index % 3 == 0 else 'false'},Victim {index},"
            f"Subject {index},7; 14,{year}-02-01,{year}-04-01,{kind},{year + 3}-07-15,"
            f"CCPR/C/1/D/{100 + index}/{year},{'7' if kind == 'views' else ''},{remedies},{grade}"
        )
    return "\n".join(lines) + "\n"


def _upload(content: str | bytes, name: str = "caseload.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _run(users, content, name="caseload.csv", django_capture_on_commit_callbacks=None) -> ImportJob:
    job = import_services.import_upload(actor=users["mfa"], uploaded_file=_upload(content, name))
    with django_capture_on_commit_callbacks(execute=True):
        import_services.import_confirm(actor=users["mfa"], job=job)
    job.refresh_from_db()
    return job


def test_a_file_with_ten_bad_rows_reports_each_row_and_writes_nothing_from_them(
    users, django_capture_on_commit_callbacks
):
    # given two good rows and ten bad ones, each with one kind of problem
    bad = [
        "CCPR,abc,X,false,,,,,,,,,,,",  # invalid number
        "XYZ,12/2015,X,false,,,,,,,,,,,",  # unknown committee
        "CCPR,13/2015,X,false,,,,1990-05-01,,,,,,,",  # before 16 Dec 1991
        "CCPR,101/2015,X,false,,,,,,,,,,,",  # duplicate of the first good row
        "CAT,14/2015,X,maybe,,,,,,,,,,,",  # not a boolean
        "CAT,15/2015,X,false,,,,,,views,,,,,",  # decision without date
        "CAT,16/2015,X,false,,,,,,verdict,2016-01-01,,,,",  # unknown decision kind
        "CAT,17/2015,X,false,,,,,,views,2016-01-01,,,teleportation,",  # unknown remedy
        "CAT,18/2015,X,false,,,,2015-02-30,,,,,,,",  # not a date
        f"CAT,19/2015,X,false,,,,,{local_date() + dt.timedelta(days=3)},,,,,,",  # in the future
    ]
    content = "\n".join(
        [HEADER, "CCPR,101/2015,Good One,false,,,,,,,,,,,", *bad, "CAT,20/2015,Good Two,false,,,,,,,,,,,"]
    )

    # when it is uploaded
    job = import_services.import_upload(actor=users["mfa"], uploaded_file=_upload(content))

    # then the preview names each bad row (rows 3 to 12) and nothing was written yet
    assert sorted({problem["row"] for problem in job.errors}) == list(range(3, 13))
    assert {problem["field"] for problem in job.errors} >= {
        "number",
        "committee",
        "date_submitted",
        "author_confidential",
        "decision_date",
        "decision_kind",
        "remedies",
        "date_transmitted",
    }
    assert job.rows_read == 12 and job.rows_valid == 2
    assert Communication.objects.count() == 0

    # and once confirmed, only the two good rows are imported
    with django_capture_on_commit_callbacks(execute=True):
        import_services.import_confirm(actor=users["mfa"], job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert set(Communication.objects.values_list("number", flat=True)) == {"101/2015", "20/2015"}
    assert len({problem["row"] for problem in job.errors}) == 10


def test_reimporting_the_same_file_changes_nothing(users, django_capture_on_commit_callbacks):
    content = _past_cases(6)
    first = _run(users, content, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert first.created_count == 6
    counts = {model: model.objects.count() for model in (Communication, Party, Decision, Remedy, JoinedNumber, Event)}
    history = Communication.history.count() + Party.history.count() + Remedy.history.count()

    second = _run(users, content, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 6)
    assert {model: model.objects.count() for model in counts} == counts
    assert Communication.history.count() + Party.history.count() + Remedy.history.count() == history
    assert all(item["action"] == "unchanged" for item in second.preview)


def test_a_changed_row_updates_the_communication_with_history_naming_importer_and_file(
    users, django_capture_on_commit_callbacks
):
    _run(users, _past_cases(2), django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    changed = _past_cases(2).replace("Subject 1,", "Corrected subject,")
    job = _run(
        users, changed, name="corrections.csv", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    communication = Communication.objects.get(number="101/2011")
    assert communication.subject == "Corrected subject"
    record = communication.history.first()
    assert record.history_user == users["mfa"]
    reason = json.loads(record.history_change_reason)
    assert (reason["code"], reason["params"]) == ("communication_imported", {"file": "corrections.csv", "row": 3})


def test_a_historical_import_creates_no_open_or_overdue_deadline(users, django_capture_on_commit_callbacks, client):
    # given thirty cases decided years ago
    job = _run(users, _past_cases(30), django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert job.created_count == 30

    # then nothing is open or overdue, and the dashboard shows nothing overdue
    today = local_date()
    assert Round.objects.filter(is_historical=True).count() == 30
    assert Deadline.objects.count() > 0
    assert not Deadline.objects.pending().exists()
    assert not Deadline.objects.overdue(today=today).exists()
    assert not Communication.objects.overdue(today=today).exists()
    assert set(Communication.objects.values_list("phase", flat=True)) <= {
        Communication.Phase.FOLLOW_UP,
        Communication.Phase.DECIDED,
        Communication.Phase.CLOSED,
    }
    client.force_login(users["mfa"])
    register = client.get(reverse("communications:list") + "?overdue=on").content.decode()
    assert "0 communications found" in register
    from communications.services import deadlines_sweep

    run = deadlines_sweep()
    assert (run.reminders, run.missed, run.escalations) == (0, 0, 0)


def test_export_then_import_into_an_empty_instance_reproduces_the_register(users, django_capture_on_commit_callbacks):
    # given a register built through the services
    first = services.communication_create(
        actor=users["mfa"],
        committee_code="CCPR",
        number="2137/2012",
        subject="Conditions of detention",
        articles_invoked=["7", "10"],
        submitted_on=dt.date(2012, 3, 5),
        parties=[
            {"role": "author", "full_name": "Erlan Zhaksybekov", "initials": "E.Z.", "is_confidential": True},
            {"role": "victim", "full_name": "Marat Zhaksybekov", "initials": "M.Z.", "is_confidential": True},
        ],
    )
    services.communication_join_number(actor=users["mfa"], communication=first, number="2138/2012")
    decision = services.decision_record(
        actor=users["mfa"],
        communication=first,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=dt.date(2015, 10, 22),
        symbol="CCPR/C/115/D/2137/2012",
        articles_violated=["7", "10"],
        remedies=[
            {
                "kind": Remedy.Kind.COMPENSATION,
                "description": "Compensation",
                "responsible_agency": Agency.objects.get(code="MOF"),
            }
        ],
    )
    services.remedy_grade(
        actor=users["mfa"],
        remedy=decision.remedies.get(),
        grade="B",
        assessed_on=dt.date(2017, 1, 10),
        state_assessment=Remedy.Status.PARTLY,
    )
    services.communication_create(
        actor=users["mfa"],
        committee_code="CAT",
        number="444/2010",
        subject="Extradition",
        articles_invoked=["3"],
        submitted_on=dt.date(2010, 11, 2),
        parties=[{"role": "author", "full_name": "Aleksandr Petrov", "initials": "A.P."}],
    )
    client = token_client(users["mfa"])
    exported = client.get("/api/v1/communications/export/?format=csv&sort=number").content

    # when everything is removed and the export is imported into the empty register
    for communication in Communication.objects.all():
        Event.objects.filter(communication=communication).delete()
        Remedy.objects.filter(decision__communication=communication).delete()
        Decision.objects.filter(communication=communication).delete()
        communication.delete()
    assert Communication.objects.count() == 0
    job = _run(
        users, exported, name="register.csv", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    assert job.errors == [] and job.created_count == 2

    # then exporting again gives the same register (ids aside)
    again = client.get("/api/v1/communications/export/?format=csv&sort=number").content

    def rows(content):
        return [
            {key: value for key, value in row.items() if key != "id"}
            for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        ]

    assert rows(again) == rows(exported)
    assert Party.objects.get(full_name="Erlan Zhaksybekov").initials == "E.Z."


def test_xlsx_export_headers_in_russian_import_too(users, django_capture_on_commit_callbacks):
    services.communication_create(actor=users["mfa"], committee_code="CRPD", number="33/2016", subject="Access")
    client = token_client(users["mfa"])
    client.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="ru")
    content = client.get("/api/v1/communications/export/?format=xlsx").content
    assert openpyxl.load_workbook(io.BytesIO(content)).worksheets[1]["A1"].value != "committee"
    job = import_services.import_upload(actor=users["mfa"], uploaded_file=SimpleUploadedFile("register.xlsx", content))
    assert job.errors == [] and job.preview == [
        {"row": 2, "committee": "CRPD", "number": "33/2016", "action": "unchanged"}
    ]


def test_import_api_upload_preview_confirm_and_status(users, django_capture_on_commit_callbacks):
    client = token_client(users["mfa"])
    response = client.post("/api/v1/imports/", {"file": _upload(_past_cases(3))}, format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "preview" and body["rows_read"] == 3 and body["errors"] == []
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/api/v1/imports/{body['id']}/confirm/")
    assert confirmed.status_code == 202
    status = client.get(f"/api/v1/imports/{body['id']}/").json()
    assert (status["status"], status["progress"], status["created"], status["updated"]) == ("done", 100, 3, 0)
    assert client.post(f"/api/v1/imports/{body['id']}/confirm/").status_code == 409
    # another user's import is not found; a role that may not import is refused
    assert token_client(users["pgo"]).get(f"/api/v1/imports/{body['id']}/").status_code == 404
    refused = token_client(users["pgo"]).post("/api/v1/imports/", {"file": _upload(_past_cases(1))}, format="multipart")
    assert refused.status_code == 403


def test_import_api_rejects_a_file_without_the_columns(users):
    response = token_client(users["admin"]).post(
        "/api/v1/imports/", {"file": _upload("name,age\nx,1\n")}, format="multipart"
    )
    assert response.status_code == 400
    assert "committee" in response.json()["error"]["fields"]["file"][0]
    assert ImportJob.objects.count() == 0


def test_import_pages_preview_and_confirm(users, client, django_capture_on_commit_callbacks):
    client.force_login(users["mfa"])
    assert (
        reverse("communications:import_template") in client.get(reverse("communications:import_new")).content.decode()
    )
    template = client.get(reverse("communications:import_template"))
    assert template.content.decode().startswith("committee,number")
    response = client.post(reverse("communications:import_new"), {"file": _upload(template.content, "template.csv")})
    job = ImportJob.objects.get()
    assert response.url == reverse("communications:import_detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "creates it" in page and job.rows_valid == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communications:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 3


def test_management_command_dry_run_writes_nothing_then_imports(users, tmp_path, capsys):
    path = tmp_path / "caseload.csv"
    path.write_text(_past_cases(4) + "XYZ,1/2015,,,,,,,,,,,,,\n", encoding="utf-8")
    call_command("import_communications", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "row 6 committee" in out and "4 would be created" in out
    assert Communication.objects.count() == 0
    call_command("import_communications", str(path), "--user", "mfa")
    assert Communication.objects.count() == 4
    imported_by_mfa = set(Communication.history.filter(history_user=users["mfa"]).values_list("id", flat=True))
    assert imported_by_mfa == set(Communication.objects.values_list("id", flat=True))


def _undecided_case(number: str, transmitted_on: dt.date) -> str:
    return f"{HEADER}\nCCPR,{number},Author,false,,Pending case,7,,{transmitted_on.isoformat()},,,,,,\n"


def test_an_imported_case_whose_reply_date_is_past_comes_in_historical(users, django_capture_on_commit_callbacks):
    # given an undecided case transmitted eight months ago: the committee's six months for the reply are over
    transmitted = local_date() - dt.timedelta(days=240)
    row_file = _undecided_case(f"77/{transmitted.year}", transmitted)
    job = _run(users, row_file, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert job.created_count == 1

    (round_,) = Round.objects.all()
    assert round_.is_historical
    assert not Deadline.objects.pending().exists()
    assert not Deadline.objects.overdue(today=local_date()).exists()
    assert not Communication.objects.overdue(today=local_date()).exists()
    run = services.deadlines_sweep()
    assert (run.reminders, run.missed, run.escalations) == (0, 0, 0)


def test_an_imported_case_whose_reply_is_still_due_comes_in_live(users, django_capture_on_commit_callbacks):
    # given an undecided case transmitted a month ago: its reply is due in about five months
    transmitted = local_date() - dt.timedelta(days=30)
    job = _run(
        users,
        _undecided_case(f"78/{transmitted.year}", transmitted),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    assert job.created_count == 1

    (round_,) = Round.objects.all()
    assert not round_.is_historical
    committee = round_.deadlines.get(kind="committee")
    assert committee.status == Deadline.Status.OPEN and committee.due_on > local_date()
    assert not Deadline.objects.overdue(today=local_date()).exists()


def test_the_reply_date_decides_historical_at_the_boundary():
    from communications.imports import ImportRow

    def row(transmitted_on, decision_kind=""):
        return ImportRow(
            row=2, committee="CCPR", number="1/2020", joined_numbers=[], authors=[], author_confidential=False,
            victims=[], subject="", articles_invoked=[], submitted_on=None, transmitted_on=transmitted_on,
            decision_kind=decision_kind, decision_date=None, document_symbol="", articles_violated=[], remedies=[],
            follow_up_grade="",
        )  # fmt: skip

    transmitted = dt.date(2025, 1, 10)
    due = import_services.import_row_reply_due(row(transmitted))
    assert due is not None and due > transmitted
    assert import_services.import_row_is_historical(row(transmitted), today=due + dt.timedelta(days=1))
    assert not import_services.import_row_is_historical(row(transmitted), today=due)
    assert import_services.import_row_is_historical(row(transmitted, "views_violation"), today=due)
    assert import_services.import_row_is_historical(row(None), today=due)
