"""Fold translations delivered as JSON ({msgctxt, msgid, msgstr | msgstr_plural}) into a .po catalogue.

    .venv/bin/python scripts/apply_translations.py locale/ru/LC_MESSAGES/django.po ru-1.done.json [...]

Entries already translated in the catalogue are overwritten only when the JSON has a non-empty translation.
"""

import json
import sys

import polib


def main(po_path: str, *json_paths: str) -> None:
    po = polib.pofile(po_path)
    index = {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}
    applied = missing = 0
    for json_path in json_paths:
        for item in json.load(open(json_path)):
            entry = index.get((item.get("msgctxt"), item["msgid"]))
            if entry is None:
                missing += 1
                continue
            if entry.msgid_plural and item.get("msgstr_plural"):
                entry.msgstr_plural = {int(k): v for k, v in item["msgstr_plural"].items()}
            elif item.get("msgstr"):
                entry.msgstr = item["msgstr"]
            else:
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            applied += 1
    po.save()
    print(f"{po_path}: {applied} applied, {missing} not in the catalogue, {po.percent_translated()}% translated")


if __name__ == "__main__":
    main(*sys.argv[1:])
