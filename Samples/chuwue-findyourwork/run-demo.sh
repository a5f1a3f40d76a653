#!/usr/bin/env bash
# The seed's "Cómo Probar la Integración", steps 1-4, then the rest of the flow, with two real
# `pasarela serve` processes: Chuwue Grill on 8002 and FindyourWork on 8010.
#
#   Samples/chuwue-findyourwork/run-demo.sh            # the seed's scheme (X-HMAC-Signature)
#   Samples/chuwue-findyourwork/run-demo.sh standard   # Standard Webhooks
#
# After each step it waits (at most 2 seconds) until the other host shows the step's effect,
# prints what each side holds, and stops with an error if the effect never shows.
set -euo pipefail
scheme="${1:-seed}"
case "$scheme" in seed) suffix="" ;; standard) suffix="-standard" ;; *) echo "usage: $0 [seed|standard]" >&2; exit 2 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

export PASARELA_ADMIN_TOKEN="${PASARELA_ADMIN_TOKEN:-demo-admin-token-change-me}"
export FINDYOURWORK_WEBHOOK_SECRET="${FINDYOURWORK_WEBHOOK_SECRET:-shared_secret_chuwue_findyourwork}"
export CHUWUE_GRILL_WEBHOOK_SECRET="${CHUWUE_GRILL_WEBHOOK_SECRET:-shared_secret_chuwue_findyourwork}"
export STANDARD_WEBHOOK_SECRET="${STANDARD_WEBHOOK_SECRET:-whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}"
export DEMO_DATA="$(mktemp -d)"
CHUWUE=http://localhost:8002
FINDYOURWORK=http://localhost:8010

echo "== Paso 1: start both hosts (logs and databases in $DEMO_DATA), and n8n's stand-in for the event bus"
swift build --product pasarela >/dev/null
bin="$(swift build --show-bin-path)/pasarela"
export N8N_WEBHOOK_SECRET="${N8N_WEBHOOK_SECRET:-whsec_bjhuLWRlbW8tc2VjcmV0LWZvci10aGUtc3RhbmQtaW4=}"
python3 "$here/n8n_standin.py" --port 8020 --secret "$N8N_WEBHOOK_SECRET" --log "$DEMO_DATA/n8n.jsonl" >"$DEMO_DATA/n8n.log" 2>&1 &
n8n_pid=$!
"$bin" serve --config "$here/chuwue-grill$suffix.yaml" >"$DEMO_DATA/chuwue-grill.log" 2>&1 &
chuwue_pid=$!
"$bin" serve --config "$here/findyourwork$suffix.yaml" >"$DEMO_DATA/findyourwork.log" 2>&1 &
findyourwork_pid=$!
trap 'kill $chuwue_pid $findyourwork_pid $n8n_pid 2>/dev/null || true' EXIT
for url in "$CHUWUE" "$FINDYOURWORK"; do
    for _ in $(seq 100); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.1; done
    curl -fs "$url/healthz" >/dev/null || { echo "$url did not start; see $DEMO_DATA" >&2; exit 1; }
done

# api METHOD URL [BODY]: one admin call; prints the answer, fails on a 4xx/5xx.
api() {
    local answer status
    answer="$(curl -sS -w '\n%{http_code}' -X "$1" "$2" -H "Authorization: Bearer $PASARELA_ADMIN_TOKEN" \
        -H 'Content-Type: application/json' ${3:+-d "$3"})"
    status="${answer##*$'\n'}"
    echo "$1 ${2#http://localhost} -> $status"
    echo "${answer%$'\n'*}" | python3 -m json.tool --no-ensure-ascii | sed 's/^/    /'
    [ "$status" -lt 400 ] || { echo "unexpected status $status" >&2; exit 1; }
}

# shows NAME URL CONDITION: waits until the JSON at URL satisfies the Python CONDITION on `j`,
# within 2 seconds, then prints it.
shows() {
    local body="" started
    started=$(date +%s%N)
    while :; do
        body="$(curl -s "$2" -H "Authorization: Bearer $PASARELA_ADMIN_TOKEN")"
        if python3 -c "import json,sys; j=json.loads(sys.argv[1]); sys.exit(0 if ($3) else 1)" "$body" 2>/dev/null; then break; fi
        if [ $(($(date +%s%N) - started)) -ge 2000000000 ]; then echo "$1 did not show the change within 2 s: $body" >&2; exit 1; fi
        sleep 0.05
    done
    echo "  $1 holds (visible after $((($(date +%s%N) - started) / 1000000)) ms):"
    echo "$body" | python3 -m json.tool --no-ensure-ascii | sed 's/^/    /'
}

# on_bus TYPE: waits (at most 2 seconds) until n8n's stand-in got an event of TYPE, then prints what it said.
on_bus() {
    local started
    started=$(date +%s%N)
    until grep -q "\"event_type\": \"$1\"" "$DEMO_DATA/n8n.jsonl" 2>/dev/null; do
        if [ $(($(date +%s%N) - started)) -ge 2000000000 ]; then echo "n8n's stand-in got no $1 within 2 s" >&2; exit 1; fi
        sleep 0.05
    done
    echo "  n8n's stand-in got $1:"; grep -F "$1" "$DEMO_DATA/n8n.log" | tail -1 | sed 's/^/    /' || true
}

echo; echo "== Paso 2: register FindyourWork at Chuwue Grill"
api POST "$CHUWUE/partners/register/findyourwork" \
    '{"webhook_url": "http://localhost:8010/webhooks/partner/", "contact_email": "dev@findyourwork.com", "scheme": "'"$scheme"'"}'

echo; echo "== Paso 3: Chuwue Grill confirms a corporate event (→ event.reservation_confirmed)"
api POST "$CHUWUE/partners/findyourwork/notify-event" '{
    "reservation_id": "RES-2026-001", "event_name": "Cena Corporativa TechCorp", "date": "2026-02-15", "time": "19:00",
    "guests": 50, "contact_name": "María García", "contact_phone": "0991234567",
    "services_requested": ["dj", "decoracion", "fotografia"]}'
shows "FindyourWork" "$FINDYOURWORK/opportunities/RES-2026-001" 'j["status"] == "open"'

echo; echo "== Paso 4: FindyourWork books a DJ for the event (→ service.booked_for_event)"
api POST "$FINDYOURWORK/opportunities/RES-2026-001/bookings" '{
    "service_id": 123, "service_name": "DJ Profesional", "service_category": "entretenimiento",
    "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"}, "price": 250.00, "scheduled_time": "19:00"}'
booking="$(curl -s "$FINDYOURWORK/opportunities/RES-2026-001" -H "Authorization: Bearer $PASARELA_ADMIN_TOKEN" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["bookings"][0]["booking_id"])')"
shows "Chuwue Grill" "$CHUWUE/reservations/RES-2026-001" 'j["itinerary"][0]["status"] == "booked"'
echo "== Pasos 8-9 (event bus): the booked provider and the customer are to be told"
on_bus provider.notification_requested
on_bus customer.notification_requested

echo; echo "== FindyourWork confirms the booking (→ service.confirmed)"
api POST "$FINDYOURWORK/bookings/$booking/confirm" '{}'
shows "Chuwue Grill" "$CHUWUE/reservations/RES-2026-001" 'j["itinerary"][0]["status"] == "confirmed"'

echo; echo "== FindyourWork assigns the provider (→ provider.assigned)"
api POST "$FINDYOURWORK/bookings/$booking/provider" '{"provider_info": {"name": "DJ Sounds Pro", "phone": "0998765432", "contact": "Luis Andrade"}}'
shows "Chuwue Grill" "$CHUWUE/reservations/RES-2026-001" 'j["itinerary"][0]["provider"].get("contact") == "Luis Andrade"'

echo; echo "== The client pays the event at Chuwue Grill through the mock provider (→ payment.success)"
api POST "$CHUWUE/payments" '{"amount": "1250.00", "currency": "USD", "description": "Cena Corporativa TechCorp", "metadata": {"reservation_id": "RES-2026-001"}}'
shows "FindyourWork" "$FINDYOURWORK/opportunities/RES-2026-001" 'j["paid"] is True'

echo; echo "== Chuwue Grill changes the guest count (→ event.updated)"
api POST "$CHUWUE/reservations/RES-2026-001/update" '{"changes": {"guests": 80}}'
shows "FindyourWork" "$FINDYOURWORK/opportunities/RES-2026-001" 'j["guests"] == 80'

echo; echo "== Chuwue Grill cancels the event (→ event.cancelled, and back: service.cancelled)"
api POST "$CHUWUE/reservations/RES-2026-001/cancel" '{"reason": "TechCorp pospone el evento"}'
shows "FindyourWork" "$FINDYOURWORK/opportunities/RES-2026-001" 'j["status"] == "cancelled"'
shows "Chuwue Grill" "$CHUWUE/reservations/RES-2026-001" 'j["itinerary"][0]["status"] == "cancelled"'

echo; echo "== What each side delivered"
for url in "$CHUWUE" "$FINDYOURWORK"; do
    curl -s "$url/deliveries" -H "Authorization: Bearer $PASARELA_ADMIN_TOKEN" | python3 -c '
import json, sys
for d in reversed(json.load(sys.stdin)["data"]):
    print("  %-28s -> %-13s %s after %d attempt(s)" % (d["event_type"], d["partner_id"], d["status"], d["attempt_count"]))'
done
echo; echo "The whole flow ran with the $scheme scheme."
echo; echo "== What n8n's stand-in was told"
sed 's/^/  /' "$DEMO_DATA/n8n.log"
kill $chuwue_pid $findyourwork_pid $n8n_pid 2>/dev/null || true
wait 2>/dev/null || true
rm -rf "$DEMO_DATA"   # kept when a step fails, for its logs
