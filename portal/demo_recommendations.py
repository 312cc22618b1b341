"""Demo data for recommendations: Kazakhstan's UPR 4th cycle and the Human Rights Committee's concluding
observations CCPR/C/KAZ/CO/4, themes, an action plan across agencies with progress reports, and a proposed response
on the next IWG meeting's agenda, so that every demo role finds recommendations work on its home page. Built
through the same services as the pages and the API. The texts are illustrative, not quotations."""

import datetime as dt

from communications.models import Committee, Communication
from iwg.calendar import local_date
from iwg.models import Agency, User
from meetings import services as meeting_services
from meetings.models import Meeting
from recommendations import services
from recommendations.models import Recommendation, Response, Review, Theme

S, N = Response.Position.SUPPORTED, Response.Position.NOTED

# number, recommending States, text, themes, response (S/N/None: pending), reason for noting
UPR = [
    (
        "45.1",
        "Germany; Chile",
        "Ratify the Optional Protocol to the Convention against Torture's national preventive mechanism provisions in full and resource the mechanism adequately",
        "torture",
        S,
        "",
    ),
    (
        "45.2",
        "France",
        "Ensure prompt, impartial and effective investigation of all allegations of torture and ill-treatment in places of detention",
        "torture",
        S,
        "",
    ),
    (
        "45.3",
        "Canada; Norway",
        "Bring the law on peaceful assemblies into line with international standards, replacing authorisation with notification",
        "assembly",
        S,
        "",
    ),
    (
        "45.4",
        "Netherlands",
        "Remove undue restrictions on the location and timing of peaceful assemblies",
        "assembly",
        S,
        "",
    ),
    (
        "45.5",
        "United Kingdom",
        "Decriminalise defamation and transfer it to the civil code",
        "expression",
        N,
        "Defamation carries administrative, not criminal, liability for most cases; a full transfer is under study.",
    ),
    ("45.6", "Sweden", "Guarantee the safety of journalists and investigate attacks against them", "expression", S, ""),
    (
        "45.7",
        "Australia",
        "Adopt a comprehensive law criminalising domestic violence as a separate offence",
        "women",
        S,
        "",
    ),
    ("45.8", "Spain", "Strengthen protection orders and shelters for victims of domestic violence", "women", S, ""),
    ("45.9", "Iceland", "Criminalise marital rape explicitly", "women", S, ""),
    ("45.10", "Finland", "Prohibit corporal punishment of children in all settings", "children", S, ""),
    (
        "45.11",
        "Uruguay",
        "Develop juvenile justice with alternatives to detention for children",
        "children,fair-trial",
        S,
        "",
    ),
    ("45.12", "Portugal", "Ensure inclusive education for children with disabilities", "children,disabilities", S, ""),
    (
        "45.13",
        "Ireland",
        "Ratify the Optional Protocol to the Convention on the Rights of Persons with Disabilities",
        "disabilities",
        N,
        "Ratification is considered after national legislation is brought into line.",
    ),
    (
        "45.14",
        "Thailand",
        "Improve accessibility of public buildings and transport for persons with disabilities",
        "disabilities",
        S,
        "",
    ),
    (
        "45.15",
        "Philippines",
        "Strengthen the identification of and assistance to victims of trafficking",
        "trafficking",
        S,
        "",
    ),
    ("45.16", "Belarus", "Continue training law enforcement on combating trafficking in persons", "trafficking", S, ""),
    (
        "45.17",
        "Argentina",
        "Adopt comprehensive anti-discrimination legislation covering all grounds",
        "non-discrimination",
        N,
        "Existing legislation prohibits discrimination on all grounds listed in the Constitution.",
    ),
    ("45.18", "Brazil", "Collect disaggregated data on discrimination against minorities", "non-discrimination", S, ""),
    (
        "45.19",
        "Italy",
        "Simplify registration of religious associations",
        "religion",
        N,
        "Registration requirements protect public order and the rights of others.",
    ),
    (
        "45.20",
        "United States of America",
        "Stop prosecuting individuals for peaceful religious activity",
        "religion",
        N,
        "No one is prosecuted for peaceful religious activity; cases concern violations of the law.",
    ),
    (
        "45.21",
        "Czechia",
        "Create a safe environment for human rights defenders and investigate threats against them",
        "defenders",
        S,
        "",
    ),
    ("45.22", "Switzerland", "Guarantee the independence of lawyers and of the bar", "fair-trial,defenders", S, ""),
    (
        "45.23",
        "Japan",
        "Strengthen the independence of the judiciary in selection and tenure of judges",
        "fair-trial",
        S,
        "",
    ),
    ("45.24", "Republic of Korea", "Extend video recording to all interrogation rooms", "torture,fair-trial", S, ""),
    (
        "45.25",
        "Mexico",
        "Align the definition of torture in the Criminal Code with article 1 of the Convention",
        "torture",
        S,
        "",
    ),
    ("45.26", "Costa Rica", "Provide redress and rehabilitation to victims of torture", "torture", S, ""),
    (
        "45.27",
        "Estonia",
        "Review the regulation of online media to protect freedom of expression",
        "expression",
        None,
        "",
    ),
    (
        "45.28",
        "Austria",
        "Ensure the Commissioner for Human Rights complies fully with the Paris Principles",
        "defenders",
        None,
        "",
    ),
    ("45.29", "Slovenia", "Adopt a national action plan on business and human rights", "non-discrimination", None, ""),
    (
        "45.30",
        "Lithuania",
        "Facilitate visits by special procedures by extending a standing invitation in practice",
        "defenders",
        S,
        "",
    ),
]

# number, text, themes, follow-up
CCPR = [
    ("8", "Amend the definition of torture and ensure penalties commensurate with its gravity", "torture", False),
    ("10", "Investigate all deaths in custody promptly and independently", "torture", True),
    ("14", "Bring the law on peaceful assemblies into compliance with article 21 of the Covenant", "assembly", True),
    ("16", "Decriminalise defamation and insult and refrain from using them against journalists", "expression", False),
    ("20", "Ensure effective remedies for victims of domestic violence", "women", False),
    ("24", "Guarantee access to a lawyer from the moment of arrest", "fair-trial", True),
    ("28", "Protect human rights defenders against harassment", "defenders", False),
    (
        "30",
        "Ensure that the registration of religious communities is not an obstacle to freedom of religion",
        "religion",
        False,
    ),
]


def _themes(codes: str, themes: dict[str, Theme]) -> list[Theme]:
    return [themes[code] for code in codes.split(",") if code in themes]


def load_recommendations_demo(users: dict[str, User], *, next_meeting: Meeting, communication: Communication) -> None:
    """The recommendations part of the demo (called by load_demo)."""
    if Review.objects.exists():
        return
    today = local_date()
    themes = {theme.code: theme for theme in Theme.objects.all()}
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    mfa, moj, pgo = users["mfa"], users["moj"], users["pgo"]

    upr = services.review_create(
        actor=mfa,
        mechanism=Review.Mechanism.UPR,
        title="Universal Periodic Review, 4th cycle (Working Group 48th session)",
        cycle=4,
        session=48,
        symbol="A/HRC/59/12",
        adopted_on=dt.date(2025, 6, 20),
    )
    by_number: dict[str, Recommendation] = {}
    for number, states, text, codes, position, reason in UPR:
        recommendation = services.recommendation_add(
            actor=mfa,
            review=upr,
            number=number,
            text=text,
            recommending_states=states,
            themes=_themes(codes, themes),
            sdg_targets="16.3" if "fair-trial" in codes or "torture" in codes else "",
        )
        if position:
            services.response_record(
                actor=mfa, response=recommendation.response, position=position, reason=reason, decided_on=upr.adopted_on
            )
            recommendation.refresh_from_db()
        by_number[number] = recommendation
    # Two responses proposed by the MFA: one already on the next IWG meeting's agenda, one for the MoJ to put there.
    for number in ("45.27", "45.28"):
        services.response_propose(actor=mfa, response=by_number[number].response, position=S)
    meeting_services.agenda_response_add(actor=moj, meeting=next_meeting, response=by_number["45.27"].response)

    ccpr = services.review_create(
        actor=mfa,
        mechanism=Review.Mechanism.TREATY_BODY,
        title="Human Rights Committee: concluding observations on the fourth periodic report",
        committee=Committee.objects.get(code="CCPR"),
        symbol="CCPR/C/KAZ/CO/4",
        adopted_on=dt.date(2025, 7, 18),
    )
    for number, text, codes, follow_up in CCPR:
        recommendation = services.recommendation_add(
            actor=mfa, review=ccpr, number=number, text=text, themes=_themes(codes, themes), follow_up=follow_up
        )
        services.response_record(actor=mfa, response=recommendation.response, position=S, decided_on=ccpr.adopted_on)
        recommendation.refresh_from_db()
        by_number[f"CO-{number}"] = recommendation
    services.recommendation_link_communication(
        actor=mfa,
        recommendation=by_number["45.2"],
        communication=communication,
        note="Views on arbitrary detention and torture",
    )

    def plan(numbers, title, agency, indicator, days, co=()):
        return services.measure_plan(
            actor=moj,
            recommendations=[by_number[number] for number in numbers],
            title=title,
            responsible_agency=agencies[agency],
            co_executors=[agencies[code] for code in co if code in agencies],
            indicator=indicator,
            target_date=today + dt.timedelta(days=days),
        )

    investigations = plan(
        ["45.2", "45.26", "CO-10"],
        "Investigate every complaint of torture through the prosecutor's special units",
        "PGO",
        "Share of complaints investigated within 30 days",
        60,
        co=("MIA",),
    )
    # Planned only: the PGO owes its first progress report on it.
    plan(["45.25", "CO-8"], "Amend article 146 of the Criminal Code", "PGO", "Amendment adopted", 240, co=("MOJ",))
    assemblies = plan(
        ["45.3", "45.4", "CO-14"],
        "Draft amendments to the law on peaceful assemblies",
        "MOJ",
        "Draft submitted to Parliament",
        150,
    )
    plan(
        ["45.7", "45.8", "45.9"],
        "Draft a law on domestic violence as a separate offence",
        "MOJ",
        "Draft law adopted",
        300,
        co=("MIA",),
    )
    plan(
        ["45.24", "CO-24"],
        "Video recording in all interrogation rooms",
        "MIA",
        "Share of rooms equipped",
        120,
        co=("PGO",),
    )
    plan(["45.1"], "Strengthen the national preventive mechanism", "OMBUDSMAN", "Visits per year", 365)
    plan(
        ["45.30"],
        "Answer special procedures' visit requests within three months",
        "MFA",
        "Requests answered in time",
        90,
    )
    plan(["45.15", "45.16"], "Train police on identifying victims of trafficking", "MIA", "Officers trained", 180)

    # Reports: one accepted (the MoJ's measure is under way), one awaiting the MoJ's or the MFA's review (the PGO's).
    accepted = services.report_submit(
        actor=moj, measure=assemblies, text="A working group drafted the amendments; public consultation held."
    )
    services.report_accept(actor=users["mfa"], report=accepted, comment="Thank you; send the draft when ready.")
    services.report_submit(
        actor=pgo,
        measure=investigations,
        text="Special units examined 212 complaints in the first half-year; 187 within 30 days.",
    )
