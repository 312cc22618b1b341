"""An on_commit callback that fails (the broker is down) is logged, not raised, and the request's work stays
committed: Django logs it by its __qualname__, which functools.partial lacks."""

import logging

import pytest
from django.db import transaction

from iwg.commit import on_commit_call


def _enqueue(ids):
    raise ConnectionError("broker down")


@pytest.mark.django_db(transaction=True)
def test_a_failing_robust_callback_is_logged_and_does_not_raise(caplog):
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        with transaction.atomic():
            transaction.on_commit(on_commit_call(_enqueue, [1, 2]), robust=True)
    assert "_enqueue" in caplog.text
