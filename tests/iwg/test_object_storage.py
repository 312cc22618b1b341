"""Documents on an S3-compatible object store (django-storages), against a real moto server on this machine
(tests/object_store.py): uploads land in the bucket, not on disk; downloads pass the permission check and the
access trail, then redirect to a short-lived presigned URL or stream the object."""

import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from communications.models import Document, LegalAnalysis, Round
from iwg.models import AccessEvent
from tests.factories import minimal_pdf, round_at
from tests.object_store import object_store, object_store_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(users, object_store):  # noqa: F811
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    return LegalAnalysis.objects.get(round=round).document


def test_an_uploaded_document_is_stored_in_the_bucket_and_not_on_disk(stored, object_store, settings):  # noqa: F811
    head = object_store.head_object(Bucket=object_store.bucket, Key=stored.file.name)
    assert head["ContentLength"] == stored.size
    body = object_store.get_object(Bucket=object_store.bucket, Key=stored.file.name)["Body"].read()
    assert body == minimal_pdf("analysis.pdf")
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_a_download_redirects_to_a_short_lived_presigned_url_after_the_check(client, users, stored, settings):
    settings.IWG_S3_DOWNLOADS = "redirect"
    client.force_login(users["moj"])
    response = client.get(reverse("document_download", args=[stored.pk]))
    assert response.status_code == 302
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]
    with urllib.request.urlopen(response["Location"], timeout=10) as fetched:  # noqa: S310 (the moto server)
        assert fetched.read() == minimal_pdf("analysis.pdf")
        assert fetched.headers["Content-Disposition"].startswith("attachment;")
        assert "analysis.pdf" in fetched.headers["Content-Disposition"]
    logged = AccessEvent.objects.get(kind=AccessEvent.Kind.DOWNLOAD)
    assert (logged.user, logged.object_id) == (users["moj"], str(stored.pk))


def test_a_download_can_be_streamed_by_the_app(client, users, stored, settings):
    settings.IWG_S3_DOWNLOADS = "stream"
    client.force_login(users["moj"])
    response = client.get(reverse("document_download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf("analysis.pdf")
    assert (
        response["Content-Disposition"].startswith("attachment;") and "analysis.pdf" in response["Content-Disposition"]
    )
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DOWNLOAD, user=users["moj"]).count() == 1


@pytest.mark.parametrize("mode", ["redirect", "stream"])
def test_no_url_and_no_bytes_for_a_user_who_may_not_see_it(client, users, stored, settings, mode):
    settings.IWG_S3_DOWNLOADS = mode
    client.force_login(users["iwg"])
    assert client.get(reverse("document_download", args=[stored.pk])).status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.DOWNLOAD).exists()


def test_a_document_whose_object_is_missing_is_a_404(client, users, stored, object_store):  # noqa: F811
    object_store.delete_object(Bucket=object_store.bucket, Key=stored.file.name)
    client.force_login(users["moj"])
    assert client.get(reverse("document_download", args=[stored.pk])).status_code == 404


def test_two_uploads_of_the_same_name_keep_both_objects(users, object_store):  # noqa: F811
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    names = list(Document.objects.values_list("file", flat=True))
    assert len(names) == len(set(names)) == 2
    keys = {item["Key"] for item in object_store.list_objects_v2(Bucket=object_store.bucket)["Contents"]}
    assert keys == set(names)
