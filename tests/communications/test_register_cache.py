"""The register page's cache (communications/register_cache.py): a cached page equals a fresh render after every
kind of write, never crosses readers, languages or days, answers without a query, and a failing cache only costs
the rendering."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from communications import register_cache, services
from communications.models import Communication, Deadline, Decision, Party
from communications.schedule import communication_schedule_refresh
from iwg.calendar import local_date
from meetings import services as meeting_services
from tests.factories import register_note, submit_analysis

URL = reverse("communications:list")
PARTIAL = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "register-results"}


@pytest.fixture(autouse=True)
def cached(settings):
    """The cache as in production (off in the other tests: iwg/settings/test.py), emptied first."""
    settings.IWG_REGISTER_CACHE_SECONDS = 600
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the block's on-commit callbacks, as a real commit would (the test's transaction never commits)."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture
def as_user(client, users):
    def sign_in(role):
        client.force_login(users[role])
        return client

    return sign_in


def results(client, query: str = "") -> str:
    response = client.get(URL + query, **PARTIAL)
    assert response.status_code == 200
    return response.content.decode()


def fresh(client, settings, query: str = "") -> str:
    seconds = settings.IWG_REGISTER_CACHE_SECONDS
    settings.IWG_REGISTER_CACHE_SECONDS = 0
    try:
        return results(client, query)
    finally:
        settings.IWG_REGISTER_CACHE_SECONDS = seconds


@pytest.fixture
def registered(users, committed):
    with committed():
        note = register_note(users)
    return note.communication


def test_second_read_is_served_from_the_cache(as_user, registered, settings):
    client = as_user("mfa")
    first = results(client)
    Communication.objects.filter(pk=registered.pk).update(subject="Changed behind the cache's back")
    # given no bump, the cached copy is served (what every bump below prevents)
    assert results(client) == first
    assert fresh(client, settings) != first


def test_explicit_bump_after_commit_drops_the_cached_page(as_user, registered, settings, committed):
    client = as_user("mfa")
    results(client)
    with committed():
        Communication.objects.filter(pk=registered.pk).update(subject="A new subject")
        register_cache.register_changed()
    page = results(client)
    assert "A new subject" in page
    assert page == fresh(client, settings)


def test_registering_a_note_shows_on_the_cached_page(as_user, users, registered, settings, committed):
    client = as_user("mfa")
    results(client)
    with committed():
        note = register_note(users)
    page = results(client)
    assert note.communication.number in page
    assert page == fresh(client, settings)


def test_a_party_made_confidential_is_masked_on_the_cached_page(as_user, users, registered, settings, committed):
    with committed():
        party = Party.objects.create(
            communication=registered, role=Party.Role.AUTHOR, full_name="Erlan Zhaksylykov", initials="E.Z."
        )
    client = as_user("moj")
    assert "Erlan Zhaksylykov" in results(client)
    registered.refresh_from_db()
    with committed():
        services.party_set_confidential(
            actor=users["mfa"],
            party=party,
            expected_version=registered.lock_version,
            is_confidential=True,
            reason="Asked by the author",
        )
    page = results(client)
    assert "Erlan Zhaksylykov" not in page
    assert page == fresh(client, settings)


def test_a_schedule_refresh_of_every_communication_bumps(registered, committed):
    before = register_cache.register_generation()
    with committed():
        communication_schedule_refresh()
    assert register_cache.register_generation() != before


def test_the_deadline_sweep_bumps_when_it_closes_deadlines(registered, committed):
    deadline = Deadline.objects.filter(round__communication=registered, status=Deadline.Status.OPEN).first()
    assert deadline is not None
    before = register_cache.register_generation()
    with committed(), time_machine.travel(dt.datetime.combine(deadline.due_on, dt.time(12)) + dt.timedelta(days=400)):
        services.deadlines_sweep(today=local_date())
    deadline.refresh_from_db()
    assert deadline.status != Deadline.Status.OPEN
    assert register_cache.register_generation() != before


def test_readers_with_different_visibility_never_share_a_page(as_user, registered, settings, committed):
    with committed():
        Party.objects.create(
            communication=registered,
            role=Party.Role.AUTHOR,
            full_name="Erlan Zhaksylykov",
            initials="E.Z.",
            is_confidential=True,
        )
    assert "Erlan Zhaksylykov" in results(as_user("mfa"))
    moj = results(as_user("moj"))
    assert "Erlan Zhaksylykov" not in moj
    assert "E.Z." in moj
    assert "Erlan Zhaksylykov" in results(as_user("mfa"))


def test_a_changed_role_is_not_served_the_old_page(as_user, users, registered, committed):
    with committed():
        Party.objects.create(
            communication=registered,
            role=Party.Role.AUTHOR,
            full_name="Erlan Zhaksylykov",
            initials="E.Z.",
            is_confidential=True,
        )
    client = as_user("mfa")
    assert "Erlan Zhaksylykov" in results(client)
    users["mfa"].role = users["moj"].role
    users["mfa"].save()
    assert "Erlan Zhaksylykov" not in results(client)


def test_language_and_day_are_part_of_the_key(as_user, users, registered):
    client = as_user("mfa")
    results(client)
    russian = register_cache.register_page_key(
        generation=1, user=users["mfa"], language="ru", today=local_date(), query="", partial=True
    )
    today = register_cache.register_page_key(
        generation=1, user=users["mfa"], language="en", today=local_date(), query="", partial=True
    )
    tomorrow = register_cache.register_page_key(
        generation=1,
        user=users["mfa"],
        language="en",
        today=local_date() + dt.timedelta(days=1),
        query="",
        partial=True,
    )
    assert len({today, tomorrow, russian}) == 3
    Communication.objects.filter(pk=registered.pk).update(subject="Changed behind the cache's back")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=1)):
        client.force_login(users["mfa"])  # the idle session ended overnight
        assert "Changed behind the cache" in results(client)  # another day, another page: rendered afresh


def test_a_cached_page_makes_at_most_one_query(as_user, registered, django_assert_max_num_queries):
    client = as_user("mfa")
    client.get(URL)
    client.get(URL, **PARTIAL)
    with django_assert_max_num_queries(1):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(URL, **PARTIAL).status_code == 200


def test_the_full_page_holds_the_cached_content_and_a_fresh_layout(as_user, registered):
    client = as_user("mfa")
    first = client.get(URL).content.decode()
    second = client.get(URL).content.decode()
    assert 'id="register-results"' in second
    assert "register-filters" in second
    assert first.count('id="register-results"') == 1


class FailingCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_a_failing_cache_renders_the_page(as_user, registered, monkeypatch):
    client = as_user("mfa")
    client.get(URL)  # the session and the user cached before the register's cache fails
    monkeypatch.setattr(register_cache, "cache", FailingCache())
    assert client.get(URL).status_code == 200
    assert registered.number in results(client)
    register_cache.register_changed()  # a bump that fails is logged, not raised


def test_setting_zero_renders_every_time(as_user, registered, settings):
    settings.IWG_REGISTER_CACHE_SECONDS = 0
    client = as_user("mfa")
    results(client)
    assert not any(":iwg:register:" in key and "generation" not in key for key in cache._cache)  # type: ignore[attr-defined]


def test_a_referral_a_decision_and_a_corrected_number_show_on_the_cached_page(
    as_user, users, registered, settings, committed
):
    """Each write through its service drops the cached page: the cached page equals a fresh render after each."""
    client = as_user("mfa")
    round = registered.rounds.get()
    results(client)
    with committed():
        services.round_refer(actor=users["mfa"], round=round)
    assert results(client) == fresh(client, settings)
    with committed():
        services.communication_correct_number(
            actor=users["mfa"],
            communication=registered,
            expected_version=Communication.objects.get(pk=registered.pk).lock_version,
            committee_code="CCPR",
            number="4999/2026",
            reason="Typed wrong",
        )
    page = results(client)
    assert "4999/2026" in page
    assert page == fresh(client, settings)
    with committed():
        services.decision_record(
            actor=users["mfa"],
            communication=Communication.objects.get(pk=registered.pk),
            kind=Decision.Kind.INADMISSIBLE,
            adopted_on=local_date(),
            symbol="CCPR/C/140/D/4999/2026",
        )
    page = results(client)
    assert "CCPR/C/140/D/4999/2026" in page
    assert page == fresh(client, settings)


def test_an_iwg_member_sees_a_communication_once_it_is_on_the_agenda(as_user, users, registered, settings, committed):
    """What an IWG member may see changes with the IWG's agenda (meetings' AgendaItem): the cached page follows."""
    client = as_user("iwg")
    round = registered.rounds.get()
    assert registered.number not in results(client)
    with committed():
        services.round_refer(actor=users["mfa"], round=round)
        submit_analysis(users, round)
        meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=3))
        meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    page = results(client)
    assert registered.number in page
    assert page == fresh(client, settings)
