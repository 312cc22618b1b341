"""Every write on recommendations, one function per action (see each module). Meetings calls the response helpers
for the IWG's agenda steps."""

from .exports import recommendations_export as recommendations_export
from .imports import recommendations_import as recommendations_import
from .imports import recommendations_import_run as recommendations_import_run
from .imports import recommendations_import_upload as recommendations_import_upload
from .measures import measure_cancel as measure_cancel
from .measures import measure_plan as measure_plan
from .measures import report_accept as report_accept
from .measures import report_return as report_return
from .measures import report_submit as report_submit
from .responses import response_decide as response_decide
from .responses import response_propose as response_propose
from .responses import response_put_on_agenda as response_put_on_agenda
from .responses import response_record as response_record
from .responses import response_take_off_agenda as response_take_off_agenda
from .reviews import follow_up_due_on as follow_up_due_on
from .reviews import recommendation_add as recommendation_add
from .reviews import recommendation_link_communication as recommendation_link_communication
from .reviews import review_create as review_create
