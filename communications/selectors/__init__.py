"""Reads about communications, one module per concern. Scoping to what a user may see lives here, so a guessed id
of something the user may not see is simply not found.

- `communications`: the register, one communication (its page and the API), documents.
- `rounds`: one round, the steps a user may take, rounds ready for an agenda.
- `decisions`: remedies and their follow-up.
- `deadlines`: the deadline register, overdue deadlines, the steps on a deadline.
- `timeline`: a communication's timeline.
- `notices`: a user's notifications, the sweep's last run and dry run.

The package re-exports the public names for callers outside the apps (tests, scripts). The home page's queues and the
dashboard's figures are in portal/selectors.py; history diffs and the activity log in audit/selectors.py.
"""

from .communications import (  # noqa: F401
    communication_detail,
    communication_document_get,
    communication_find,
    communication_get,
    communication_list,
    communication_round_get,
    communication_visible_to,
    communication_years,
    note_get,
    notes_sharing_ohchr_reference,
    party_get,
)
from .deadlines import (  # noqa: F401
    deadline_actions,
    deadline_get,
    deadline_list,
    overdue_deadline_list,
)
from .decisions import (  # noqa: F401
    remedy_get,
)
from .notices import (  # noqa: F401
    deadlines_sweep_preview,
    notification_list,
    sweep_last_run,
)
from .rounds import (  # noqa: F401
    related_or_none,
    round_actions,
    round_detail,
    round_get,
    rounds_ready_for_agenda,
)
from .timeline import (  # noqa: F401
    TimelineEntry,
    communication_timeline,
)
