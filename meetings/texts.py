"""The texts the meetings app writes that need its own labels (an IWG decision), added to the one table of
`communications.texts` so that the timeline renders them and the data migration reads old ones back."""

from communications.texts import MEETING, TEXTS, Param, Template
from iwg import texts

from .models import AgendaItem

MEETING_TEXTS = {
    "iwg_decision_event": Template(
        layout="{meeting}: {decision}", params={"meeting": MEETING, "decision": Param("choice", AgendaItem.Decision)}
    ),
    "iwg_decision_event_notes": Template(
        layout="{meeting}: {decision} ({notes})",
        params={"meeting": MEETING, "decision": Param("choice", AgendaItem.Decision), "notes": Param("raw")},
    ),
}


def register_texts() -> None:
    for code, template in MEETING_TEXTS.items():
        if code not in TEXTS:
            TEXTS[code] = template
            texts.renderer(code)(template.render)
