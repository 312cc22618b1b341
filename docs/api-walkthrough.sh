#!/usr/bin/env bash
# The curl walkthrough of docs/api.md: a communication through the whole path, against a development server on
# port 8765 with the demo data (see docs/api.md). Needs curl, jq, var/analysis.pdf and var/minutes.pdf.
set -euo pipefail
API=http://127.0.0.1:8765/api/v1
TODAY=$(date +%F)
run() { printf '\n$ %s\n' "$*"; eval "$@"; }

token() {
  curl -s -X POST "$API/auth/token/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"demo-Password-2026\"}" | jq -r .token
}

run 'curl -s -o /dev/null -w "%{http_code} %{content_type}\n" $API/schema/'
run 'curl -s $API/docs/ | grep -o "/static/drf_spectacular_sidecar/[^\"]*"'
run 'curl -s -X POST $API/auth/token/ -H "Content-Type: application/json" -d "{\"username\": \"mfa\", \"password\": \"demo-Password-2026\"}"'
MFA=$(token mfa); PGO=$(token pgo); MOJ=$(token moj); AUDITOR=$(token auditor)
run 'curl -s "$API/communications/?committee=CCPR&limit=2" -H "Authorization: Token $MFA" -H "Accept-Language: en" | jq "{count, next, first: .results[0] | {id, committee, number, phase, has_overdue}}"'

printf '\n# %s\n' '1. The MFA registers the incoming note verbale of a new communication.'
run 'curl -s -X POST $API/notes/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -d "{
  \"committee\": \"CCPR\", \"communication_number\": \"4400/2026\", \"kind\": \"new_communication\",
  \"registry_number\": \"IN-2026-0101\", \"received_date\": \"$TODAY\",
  \"ohchr_reference\": \"G/SO 215/51 KAZ (4400/2026)\", \"ohchr_date\": \"$(date -d "$TODAY - 5 days" +%F)\",
  \"communication\": {\"subject\": \"Pre-trial detention\", \"articles_invoked\": [\"9\", \"14\"],
    \"parties\": [{\"role\": \"author\", \"full_name\": \"Marat Serikbayev\"}]}}" | tee var/note.json | jq "{communication_id, round: .round | {id, status, deadlines: [.deadlines[] | {kind, due_on, status, responsible_agency, basis}]}}"'
COMMUNICATION=$(jq .communication_id var/note.json); ROUND=$(jq .round.id var/note.json)

printf '\n# %s\n' '2. The MFA refers the round; the PGO uploads its legal analysis (multipart).'
run 'curl -s -X POST $API/rounds/$ROUND/referral/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -d "{}" | jq "{id, status, referred_at}"'
run 'curl -s -X POST $API/rounds/$ROUND/legal-analyses/ -H "Authorization: Token $PGO" -F document=@var/analysis.pdf -F summary="Domestic remedies were exhausted; no violation of article 9." -F admissibility_conclusion=admissible -F merits_conclusion=no_violation | jq "{id, version, is_late, document: .document | {name, content_type, size}}"'

printf '\n# %s\n' '3. The MoJ schedules the IWG meeting, puts the round on the agenda, drafts the position, records the meeting held.'
run 'curl -s -X POST $API/meetings/ -H "Authorization: Token $MOJ" -H "Content-Type: application/json" -d "{\"starts_at\": \"$(date -Iseconds -d "1 hour ago")\", \"place\": \"Ministry of Justice, Astana\", \"format\": \"hybrid\"}" | tee var/meeting.json | jq "{id, number, starts_at, status}"'
MEETING=$(jq .id var/meeting.json)
run 'curl -s -X POST $API/meetings/$MEETING/agenda-items/ -H "Authorization: Token $MOJ" -H "Content-Type: application/json" -d "{\"round_id\": $ROUND}" | tee var/item.json | jq "{id, order, committee, communication_number, round_status}"'
ITEM=$(jq .id var/item.json)
run 'curl -s -X POST $API/rounds/$ROUND/position/ -H "Authorization: Token $MOJ" -H "Content-Type: application/json" -d "{\"texts\": {\"en\": \"The State party considers the communication unfounded.\", \"ru\": \"Государство-участник считает сообщение необоснованным.\"}}" | jq "{status, position: .position | {status, lock_version, texts}}"'
run 'curl -s -X POST $API/meetings/$MEETING/held/ -H "Authorization: Token $MOJ" -F participants="[3, \"A. Akhmetova (Supreme Court)\"]" -F decisions="[{\"agenda_item_id\": $ITEM, \"decision\": \"approve_position\"}]" -F minutes_summary="Draft position approved." -F minutes_file=@var/minutes.pdf | jq "{status, minutes_document_id, participants: [.participants[].name], agenda_items: [.agenda_items[] | {round_id, decision, round_status}]}"'

printf '\n# %s\n' '4. The MoJ approves the position; the MFA sends it with the outgoing note.'
run 'curl -s -X POST $API/rounds/$ROUND/position/approve/ -H "Authorization: Token $MOJ" | jq "{status, position: .position | {status, approved_by}}"'
run 'curl -s -X POST $API/rounds/$ROUND/position/send/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -d "{\"registry_number\": \"OUT-2026-0101\", \"sent_on\": \"$TODAY\"}" | jq "{status, outgoing_note: .outgoing_note | {registry_number, registered_on}, deadlines: [.deadlines[] | {kind, status, met_late}]}"'

printf '\n# %s\n' '5. The committee adopts Views finding a violation; remedies are followed up and graded.'
run 'curl -s -X POST $API/communications/$COMMUNICATION/decision/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -d "{\"kind\": \"views_violation\", \"adopted_on\": \"$TODAY\", \"symbol\": \"CCPR/C/146/D/4400/2026\", \"articles_violated\": [\"9(3)\"], \"remedies\": [{\"kind\": \"compensation\", \"description\": \"Adequate compensation\", \"responsible_agency\": \"MOF\"}, {\"kind\": \"publication\", \"description\": \"Publish the Views in Kazakh and Russian\", \"responsible_agency\": \"MOJ\"}]}" | tee var/decision.json | jq "{kind, symbol, remedies: [.remedies[] | {id, kind, responsible_agency, status}]}"'
REMEDY=$(jq ".remedies[] | select(.kind == \"publication\") | .id" var/decision.json)
run 'curl -s -X POST $API/remedies/$REMEDY/actions/ -H "Authorization: Token $MOJ" -H "Content-Type: application/json" -d "{\"taken_on\": \"$TODAY\", \"description\": \"Views published on adilet.zan.kz in Kazakh and Russian\", \"status\": \"implemented\"}" | jq "{kind, status, actions: [.actions[] | {taken_on, agency, description}]}"'
run 'curl -s -X POST $API/remedies/$REMEDY/grades/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -d "{\"grade\": \"A\", \"assessed_on\": \"$TODAY\", \"state_assessment\": \"implemented\", \"reference\": \"CCPR/C/147/3\"}" | jq "{kind, status, committee_grade, state_assessment}"'
run 'curl -s $API/communications/$COMMUNICATION/ -H "Authorization: Token $AUDITOR" | jq "{number, phase, rounds: [.rounds[] | {kind, status}], decision: .decision.kind, grades: [.decision.remedies[] | {kind, committee_grade}]}"'
run 'curl -s $API/communications/$COMMUNICATION/history/ -H "Authorization: Token $AUDITOR" | jq "length, (.[0] | {object_type, when, user, kind, reason})"'

printf '\n# %s\n' '6. Errors: one shape, translated.'
run 'curl -s -X POST $API/rounds/$ROUND/referral/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -H "Accept-Language: en" -d "{}"'
run 'curl -s $API/stats/ -H "Accept-Language: ru"'
run 'curl -s -X POST $API/notes/ -H "Authorization: Token $PGO" -H "Content-Type: application/json" -H "Accept-Language: en" -d "{\"committee\": \"CCPR\", \"communication_number\": \"1/2026\", \"kind\": \"new_communication\", \"registry_number\": \"X\", \"received_date\": \"$TODAY\", \"ohchr_date\": \"$TODAY\"}"'
run 'curl -s -X POST $API/notes/ -H "Authorization: Token $MFA" -H "Content-Type: application/json" -H "Accept-Language: en" -d "{\"committee\": \"ABC\", \"kind\": \"new_communication\"}"'
run 'curl -s $API/communications/999999/ -H "Authorization: Token $MFA" -H "Accept-Language: en"'
run 'curl -s -X DELETE -o /dev/null -w "%{http_code}\n" $API/auth/token/ -H "Authorization: Token $MFA"'
run 'curl -s -i $API/communications/ -H "Authorization: Token $MFA" -H "Accept-Language: en" | grep -E "^HTTP|^WWW-Authenticate|^\{"'
