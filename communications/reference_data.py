"""Reference data loaded by a data migration: the six committees, their time limits, default internal
deadlines and the agencies. Administrators correct any of it in the admin; entries marked to_confirm are
assumptions DOMAIN.md asks to keep editable."""

COMMITTEES = [
    (
        "CCPR",
        "Human Rights Committee",
        "International Covenant on Civil and Political Rights, Optional Protocol",
        False,
    ),
    ("CAT", "Committee against Torture", "Convention against Torture, article 22", False),
    ("CERD", "Committee on the Elimination of Racial Discrimination", "ICERD, article 14", True),
    ("CEDAW", "Committee on the Elimination of Discrimination against Women", "CEDAW, Optional Protocol", False),
    ("CRPD", "Committee on the Rights of Persons with Disabilities", "CRPD, Optional Protocol", False),
    ("CRC", "Committee on the Rights of the Child", "CRC, Optional Protocol on a communications procedure", False),
]

# (committee, note kind, deadline kind, months, days, basis, to_confirm)
TIME_LIMITS = [
    (
        "CCPR",
        "new_communication",
        "committee",
        6,
        0,
        "CCPR rules of procedure, rule 92: 6 months from transmission",
        False,
    ),
    ("CAT", "new_communication", "committee", 6, 0, "CAT art. 22(3), rule 115: 6 months from transmission", False),
    ("CERD", "new_communication", "committee", 3, 0, "ICERD art. 14(6)(b): 3 months from transmission", False),
    ("CEDAW", "new_communication", "committee", 6, 0, "OP-CEDAW art. 6(2): 6 months from transmission", False),
    ("CRPD", "new_communication", "committee", 6, 0, "OP-CRPD art. 3: 6 months from transmission", False),
    ("CRC", "new_communication", "committee", 6, 0, "OPIC art. 8(2): as soon as possible and within 6 months", False),
    (
        "CCPR",
        "new_communication",
        "admissibility_request",
        2,
        0,
        "CCPR: ask to examine admissibility separately within 2 months",
        True,
    ),
    (
        "CAT",
        "new_communication",
        "admissibility_request",
        2,
        0,
        "CAT: ask to examine admissibility separately within 2 months",
        True,
    ),
    (
        "CEDAW",
        "new_communication",
        "admissibility_request",
        2,
        0,
        "CEDAW: ask to examine admissibility separately within 2 months",
        True,
    ),
    (
        "CRPD",
        "new_communication",
        "admissibility_request",
        2,
        0,
        "CRPD: ask to examine admissibility separately within 2 months",
        True,
    ),
    (
        "CRC",
        "new_communication",
        "admissibility_request",
        2,
        0,
        "CRC: ask to examine admissibility separately within 2 months",
        True,
    ),
    ("CCPR", "interim_measures", "committee", 0, 7, "CCPR rule 94: interim measures, reply within 7 days", True),
    ("CAT", "interim_measures", "committee", 0, 7, "CAT rule 114: interim measures, reply within 7 days", True),
    ("CERD", "interim_measures", "committee", 0, 7, "CERD rule 94(3): interim measures, reply within 7 days", True),
    ("CEDAW", "interim_measures", "committee", 0, 7, "OP-CEDAW art. 5: interim measures, reply within 7 days", True),
    ("CRPD", "interim_measures", "committee", 0, 7, "OP-CRPD art. 4: interim measures, reply within 7 days", True),
    ("CRC", "interim_measures", "committee", 0, 7, "OPIC art. 6: interim measures, reply within 7 days", True),
    ("CCPR", "protection_measures", "committee", 0, 7, "CCPR: protection against reprisals, reply within 7 days", True),
    ("CAT", "protection_measures", "committee", 0, 7, "CAT: protection against reprisals, reply within 7 days", True),
    ("CERD", "protection_measures", "committee", 0, 7, "CERD: protection against reprisals, reply within 7 days", True),
    (
        "CEDAW",
        "protection_measures",
        "committee",
        0,
        7,
        "OP-CEDAW art. 11: protection measures, reply within 7 days",
        True,
    ),
    ("CRPD", "protection_measures", "committee", 0, 7, "CRPD: protection against reprisals, reply within 7 days", True),
    ("CRC", "protection_measures", "committee", 0, 7, "OPIC art. 4: protection measures, reply within 7 days", True),
    ("CCPR", "additional_information", "committee", 2, 0, "CCPR: comments within 2 months", True),
    ("CAT", "additional_information", "committee", 2, 0, "CAT: comments within 2 months", True),
    ("CERD", "additional_information", "committee", 3, 0, "ICERD art. 14: a further 3 months on the merits", True),
    ("CEDAW", "additional_information", "committee", 2, 0, "CEDAW: comments within 2 months", True),
    ("CRPD", "additional_information", "committee", 2, 0, "CRPD: comments within 2 months", True),
    ("CRC", "additional_information", "committee", 2, 0, "CRC: comments within 2 months", True),
    ("CCPR", "views_adopted", "committee", 0, 180, "CCPR: information on measures taken within 180 days", False),
    ("CAT", "views_adopted", "committee", 0, 90, "CAT rule 118: information on measures taken within 90 days", False),
    ("CERD", "views_adopted", "committee", 0, 90, "CERD: information on measures taken within 90 days", True),
    ("CEDAW", "views_adopted", "committee", 6, 0, "OP-CEDAW art. 7(4): written response within 6 months", False),
    ("CRPD", "views_adopted", "committee", 6, 0, "OP-CRPD art. 5: written response within 6 months", False),
    ("CRC", "views_adopted", "committee", 6, 0, "OPIC art. 11: written response within 6 months", False),
    ("CCPR", "follow_up_reminder", "committee", 2, 0, "CCPR follow-up reminder: reply within 2 months", True),
    ("CAT", "follow_up_reminder", "committee", 2, 0, "CAT follow-up reminder: reply within 2 months", True),
    ("CERD", "follow_up_reminder", "committee", 2, 0, "CERD follow-up reminder: reply within 2 months", True),
    ("CEDAW", "follow_up_reminder", "committee", 2, 0, "CEDAW follow-up reminder: reply within 2 months", True),
    ("CRPD", "follow_up_reminder", "committee", 2, 0, "CRPD follow-up reminder: reply within 2 months", True),
    ("CRC", "follow_up_reminder", "committee", 2, 0, "CRC follow-up reminder: reply within 2 months", True),
]

# Calendar days before the committee's deadline for each internal step (to confirm), per kind of note.
_LONG = {"pgo_analysis": 75, "iwg_consideration": 45, "position_approval": 30, "dispatch": 10}
_SHORT = {"pgo_analysis": 30, "iwg_consideration": 20, "position_approval": 14, "dispatch": 5}
_URGENT = {"pgo_analysis": 4, "iwg_consideration": 3, "position_approval": 2, "dispatch": 1}
INTERNAL_POLICIES = {
    "new_communication": _LONG,
    "views_adopted": _LONG,
    "additional_information": _SHORT,
    "follow_up_reminder": _SHORT,
    "interim_measures": _URGENT,
    "protection_measures": _URGENT,
}

AGENCIES = [
    ("MFA", "Ministry of Foreign Affairs", "Министерство иностранных дел", "Сыртқы істер министрлігі"),
    ("PGO", "Prosecutor General's Office", "Генеральная прокуратура", "Бас прокуратура"),
    ("MOJ", "Ministry of Justice", "Министерство юстиции", "Әділет министрлігі"),
    ("MIA", "Ministry of Internal Affairs", "Министерство внутренних дел", "Ішкі істер министрлігі"),
    ("SC", "Supreme Court", "Верховный суд", "Жоғарғы Сот"),
    ("MOF", "Ministry of Finance", "Министерство финансов", "Қаржы министрлігі"),
    (
        "OMBUDSMAN",
        "Commissioner for Human Rights",
        "Уполномоченный по правам человека",
        "Адам құқықтары жөніндегі уәкіл",
    ),
]


def load(*, Agency, Committee, TimeLimit, InternalDeadlinePolicy) -> None:
    """Create or update the reference data; idempotent. Takes the model classes so that the data migration can
    pass its historical models."""
    for code, name, name_ru, name_kk in AGENCIES:
        Agency.objects.update_or_create(code=code, defaults={"name": name, "name_ru": name_ru, "name_kk": name_kk})
    committees = {}
    for code, name, treaty, opinion in COMMITTEES:
        committees[code], _ = Committee.objects.update_or_create(
            code=code, defaults={"name": name, "treaty": treaty, "calls_views_opinion": opinion}
        )
    for code, note_kind, deadline_kind, months, days, basis, to_confirm in TIME_LIMITS:
        TimeLimit.objects.update_or_create(
            committee=committees[code],
            note_kind=note_kind,
            deadline_kind=deadline_kind,
            defaults={"months": months, "days": days, "basis": basis, "to_confirm": to_confirm},
        )
    for note_kind, steps in INTERNAL_POLICIES.items():
        for deadline_kind, days_before in steps.items():
            InternalDeadlinePolicy.objects.update_or_create(
                note_kind=note_kind, deadline_kind=deadline_kind, defaults={"days_before": days_before}
            )
