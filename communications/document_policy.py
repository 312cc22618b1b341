"""Who may download which document of a communication whose author or victim is confidential: one table, role
by kind of document, enforced by the download view (`communications.views.document_download`, which serves
through `iwg.downloads`).

The documents carry the full name the pages hide behind initials (the committee's note quotes it, the PGO's
analysis and the State position discuss the person), so for such a communication a role gets only the kinds
listed here. Safe defaults: the roles that see the confidential name (MFA, PGO, auditor) get every kind; the MoJ
secretary gets what the IWG needs to decide (the legal analysis and the draft position); IWG members of other
bodies and administrators get none. Communications without a confidential party follow the visibility rule
alone (`selectors.document_get`). Minutes of IWG meetings belong to no communication and are not governed here.
"""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iwg.errors import PermissionRefused
from iwg.roles import Role

from .models import Document, LegalAnalysis, NoteVerbale, Party, PositionText


class DocumentKind(models.TextChoices):
    NOTE = "note", gettext_lazy("the scan of a note verbale")
    ANALYSIS = "analysis", gettext_lazy("the PGO's legal analysis")
    POSITION = "position", gettext_lazy("the State position's document")
    OTHER = "other", gettext_lazy("another document of the communication")


_ALL_KINDS = frozenset(DocumentKind)

# Role -> kinds of document of a confidential communication the role may download. A role not listed gets none.
CONFIDENTIAL_DOWNLOADS: dict[str, frozenset[str]] = {
    Role.MFA_OFFICER: _ALL_KINDS,
    Role.PGO_PROSECUTOR: _ALL_KINDS,
    Role.AUDITOR: _ALL_KINDS,
    Role.MOJ_SECRETARY: frozenset({DocumentKind.ANALYSIS, DocumentKind.POSITION}),
    Role.IWG_MEMBER: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
}


def document_kind(document: Document) -> str:
    """What the document is in its communication, by what refers to it."""
    if NoteVerbale.objects.filter(documents=document).exists():
        return DocumentKind.NOTE
    if LegalAnalysis.objects.filter(document=document).exists():
        return DocumentKind.ANALYSIS
    if PositionText.objects.filter(document=document).exists():
        return DocumentKind.POSITION
    return DocumentKind.OTHER


def communication_is_confidential(communication_id: int | None) -> bool:
    return (
        communication_id is not None
        and Party.objects.filter(communication_id=communication_id, is_confidential=True).exists()
    )


def may_download(*, user, document: Document) -> bool:
    """True when `user` (who may already see the document's communication) may download `document`."""
    if not communication_is_confidential(document.communication_id):
        return True
    return document_kind(document) in CONFIDENTIAL_DOWNLOADS.get(getattr(user, "role", ""), frozenset())


def require_download(*, user, document: Document) -> None:
    """Raise PermissionRefused, with the reason, when the policy refuses the download."""
    if may_download(user=user, document=document):
        return
    raise PermissionRefused(
        _(
            "The identity of a person in this communication is confidential: your role (%(role)s) may not "
            "download %(kind)s."
        )
        % {
            "role": user.get_role_display() or "—",
            "kind": DocumentKind(document_kind(document)).label,
        }
    )
