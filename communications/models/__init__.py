"""The models of communications, one module per concern; everything is re-exported here, so
`from communications.models import Round` keeps working (and Django finds every model).

- `communications`: the kinds of notes and deadlines, communications, parties, documents, notes verbales, rounds,
  deadlines, extensions.
- `positions`: legal analyses and State positions.
- `events`: the event log that the timeline shows.
- `reference`: committees, their time limits, the internal deadline policy.
- `decisions`: final decisions, remedies, follow-up actions and grades.
- `notices`: notifications, the sweep's notices and runs.
- `jobs`: export and import jobs (data in and out).
"""

from .communications import (
    COMMITTEE_DEADLINE_KINDS as COMMITTEE_DEADLINE_KINDS,
)
from .communications import (
    INCOMING_KINDS as INCOMING_KINDS,
)
from .communications import (
    INTERNAL_DEADLINE_AGENCY as INTERNAL_DEADLINE_AGENCY,
)
from .communications import (
    INTERNAL_DEADLINE_KINDS as INTERNAL_DEADLINE_KINDS,
)
from .communications import (
    OPEN_ROUND_STATUSES as OPEN_ROUND_STATUSES,
)
from .communications import (
    OPTIONAL_DEADLINE_KINDS as OPTIONAL_DEADLINE_KINDS,
)
from .communications import (
    OWNED_DEADLINE_KINDS as OWNED_DEADLINE_KINDS,
)
from .communications import (
    ROUND_OPENING_KINDS as ROUND_OPENING_KINDS,
)
from .communications import (
    URGENT_KINDS as URGENT_KINDS,
)
from .communications import (  # noqa: F401
    CommitteeCode as CommitteeCode,
)
from .communications import (
    Communication as Communication,
)
from .communications import (
    CommunicationQuerySet as CommunicationQuerySet,
)
from .communications import (
    Deadline as Deadline,
)
from .communications import (
    DeadlineKind as DeadlineKind,
)
from .communications import (
    DeadlineQuerySet as DeadlineQuerySet,
)
from .communications import (
    Document as Document,
)
from .communications import (
    Extension as Extension,
)
from .communications import (
    JoinedNumber as JoinedNumber,
)
from .communications import (
    NoteKind as NoteKind,
)
from .communications import (
    NoteVerbale as NoteVerbale,
)
from .communications import (
    Party as Party,
)
from .communications import (
    Round as Round,
)
from .decisions import (  # noqa: F401
    Decision as Decision,
)
from .decisions import (
    FollowUpGrade as FollowUpGrade,
)
from .decisions import (
    Remedy as Remedy,
)
from .decisions import (
    RemedyAction as RemedyAction,
)
from .decisions import (
    RemedyGrade as RemedyGrade,
)
from .events import (
    Event as Event,
)
from .jobs import (
    ExportJob as ExportJob,
)
from .jobs import (
    ImportJob as ImportJob,
)
from .notices import (
    DeadlineNotice as DeadlineNotice,
)
from .notices import (
    HandoffNotice as HandoffNotice,
)
from .notices import (
    Notification as Notification,
)
from .notices import (  # noqa: F401
    NotificationQuerySet as NotificationQuerySet,
)
from .notices import (
    SweepRun as SweepRun,
)
from .positions import (
    ADMISSIBILITY_CONCLUSIONS as ADMISSIBILITY_CONCLUSIONS,
)
from .positions import (
    MERITS_CONCLUSIONS as MERITS_CONCLUSIONS,
)
from .positions import (
    LegalAnalysis as LegalAnalysis,
)
from .positions import (
    PositionText as PositionText,
)
from .positions import (
    StatePosition as StatePosition,
)
from .reference import (
    TREATY_TITLES as TREATY_TITLES,
)
from .reference import (  # noqa: F401
    Committee as Committee,
)
from .reference import (
    InternalDeadlinePolicy as InternalDeadlinePolicy,
)
from .reference import (
    TimeLimit as TimeLimit,
)
