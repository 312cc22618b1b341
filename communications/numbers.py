"""A committee's communication number: `number/year` (e.g. 2137/2012), the year plausible for the committee.

The treaty bodies number individual communications per committee as a running number and the year the committee
registered it. A number is one such pair: a joined case's further numbers are separate entries (`JoinedNumber`),
never several numbers in one field. The year cannot be before the committee could receive communications about
Kazakhstan (the declaration or the optional protocol in force; 1992, independence, where no later date is
recorded here) nor after the current year.

`number_error(committee_code, number)` is the one check: the forms, the API and the services call it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from iwg.calendar import local_date

from .models import CommitteeCode

NUMBER_PATTERN = re.compile(r"^(?P<number>[1-9]\d{0,4})/(?P<year>\d{4})$")
MAX_LENGTH = 30
EARLIEST_YEAR = 1992
# The first year a committee could register a communication concerning Kazakhstan.
COMPETENCE_YEAR = {
    CommitteeCode.CEDAW: 2001,  # Optional Protocol in force for Kazakhstan 24 November 2001
    CommitteeCode.CAT: 2008,  # article 22 declaration, 21 February 2008
    CommitteeCode.CERD: 2008,  # article 14 declaration, 29 August 2008
    CommitteeCode.CCPR: 2009,  # Optional Protocol in force for Kazakhstan 30 September 2009
}


def normalise(number: str) -> str:
    """The number as stored: spaces around the parts removed (`2137 / 2012` → `2137/2012`)."""
    return re.sub(r"\s*/\s*", "/", (number or "").strip())


def parse(number: str) -> tuple[int, int] | None:
    """(running number, year) of a well-formed number, else None."""
    match = NUMBER_PATTERN.match(normalise(number))
    if not match:
        return None
    return int(match["number"]), int(match["year"])


def sort_key(number: str) -> str:
    """A key that sorts numbers by year, then numerically by running number (150/2020 before 1402/2020);
    an ill-formed (legacy) number sorts last, as written."""
    parsed = parse(number)
    if parsed is None:
        return "9999-99999-" + (number or "")
    running, year = parsed
    return f"{year:04d}-{running:05d}"


def earliest_year(committee_code: str) -> int:
    return max(EARLIEST_YEAR, COMPETENCE_YEAR.get(committee_code, EARLIEST_YEAR))  # type: ignore[call-overload]


def number_error(committee_code: str | None, number: str) -> str | None:
    """Why `number` cannot be a communication number of the committee (translated), or None when it can."""
    value = normalise(number)
    if not value:
        return _("Enter the communication's number, e.g. 2137/2012.")
    if len(re.findall(r"\d+/\d{4}", value)) > 1:
        return _(
            "Enter one number, e.g. 2137/2012; the further numbers of a joined case are added one by one on the "
            "communication's page."
        )
    parsed = parse(value)
    if parsed is None:
        return _("A communication number is the committee's number and the year, e.g. 2137/2012.")
    _running, year = parsed
    first = earliest_year(committee_code or "")
    last = local_date().year
    if year < first or year > last:
        return _("The year of the number must be between %(first)s and %(last)s for this committee.") % {
            "first": first,
            "last": last,
        }
    return None
