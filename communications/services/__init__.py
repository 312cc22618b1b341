"""Every write on communications: one function per domain action, `<entity>_<verb>`, in one module per concern.

- `common`: the event row, the locked move of a round's status, the status guard.
- `communications`: notes verbales, communications, parties, documents.
- `rounds`: the steps of a round (referral, legal analysis, the State's position).
- `decisions`: the final decision, remedies and follow-up.
- `deadlines`: a round's deadlines (from communications/deadline_policy.py), extensions and changes.
- `calendar`: working-day transfers decreed by the government and the deadlines they move.
- `notices`: the deadline sweep, its notices, e-mails and digest.
- `corrections`: correcting mistakes without losing them: committee and number, parties, confidentiality, voiding
  a note or a round, merging a communication registered twice.

The package re-exports the public services, so `from communications import services; services.note_register(...)`
keeps working; code inside the apps imports from the concern's module.
"""

from .calendar import (  # noqa: F401
    calendar_transfer_record,
    calendar_transfer_remove,
    internal_deadlines_recompute,
)
from .common import (  # noqa: F401
    event_record,
    round_move,
)
from .communications import (  # noqa: F401
    communication_close,
    communication_create,
    communication_join_number,
    communication_update,
    document_store,
    note_register,
    party_add,
)
from .corrections import (  # noqa: F401
    communication_correct_number,
    communication_merge,
    note_void,
    party_edit,
    party_remove,
    party_set_confidential,
    round_void,
)
from .deadlines import (  # noqa: F401
    deadline_change,
    deadline_close_unused_option,
    deadline_complete,
    deadline_extend,
    deadline_mark_missed,
    notices_withdraw,
    round_deadlines_complete,
)
from .decisions import (  # noqa: F401
    decision_record,
    remedy_action_record,
    remedy_grade,
)
from .notices import (  # noqa: F401
    SweepCounts,
    deadlines_sweep,
    notice_emails_send,
    notification_digest_send,
    notification_mark_read,
)
from .rounds import (  # noqa: F401
    analysis_submit,
    position_approve,
    position_draft,
    position_send,
    round_cancel,
    round_refer,
)
