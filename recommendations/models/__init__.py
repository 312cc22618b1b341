"""The recommendations app's models: `reviews` (reviews, themes, follow-up periods, recommendations, links),
`plan` (responses, measures, progress reports), `events` (the event log)."""

from .events import RecommendationEvent as RecommendationEvent
from .events import RecommendationHandoff as RecommendationHandoff
from .plan import Measure as Measure
from .plan import ProgressReport as ProgressReport
from .plan import Response as Response
from .reviews import FollowUpPeriod as FollowUpPeriod
from .reviews import Recommendation as Recommendation
from .reviews import RecommendationCommunication as RecommendationCommunication
from .reviews import Review as Review
from .reviews import Theme as Theme
