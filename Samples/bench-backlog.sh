#!/usr/bin/env bash
# Drains a backlog of pending deliveries for one partner to a local `pasarela bench-receiver` and
# prints the rate and the host's peak memory (see docs/benchmark.md, "Draining a backlog").
#
#   swift build -c release --product pasarela
#   Samples/bench-backlog.sh [deliveries, default 100000]
#
# The host first sends one real event through `POST /partners/sink/events` and stops; the backlog
# is that delivery copied N times as pending (each with its own delivery and event id, in the body
# too), written straight into the SQLite file; then the host starts again and drains it.
set -euo pipefail

count=${1:-100000}
binary=${PASARELA_BINARY:-.build/release/pasarela}
host_port=8310
receiver_port=8311
token=bench-backlog-admin-token
work=$(mktemp -d)
database=$work/backlog.sqlite
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/backlog.yaml" <<EOF
identity: pasarela
server: {host: 127.0.0.1, port: $host_port}
admin: {token: "$token"}
storage: {url: "sqlite:$database", sqlite_synchronous: ${SYNC:-full}}
delivery: {allow_private_networks: true}
partners:
  - {id: sink, webhook_url: "http://127.0.0.1:$receiver_port/", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", scheme: standard}
EOF

start_host() {
    "$binary" serve --config "$work/backlog.yaml" >> "$work/host.log" 2>&1 &
    host_pid=$!
    pids+=("$host_pid")
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$host_port/healthz" > /dev/null && return 0
        sleep 0.1
    done
    echo "the host did not start; its log:" >&2
    cat "$work/host.log" >&2
    exit 1
}

pending() {
    sqlite3 "$database" "SELECT count(*) FROM deliveries WHERE status = 'pending'"
}

"$binary" bench-receiver --port "$receiver_port" > "$work/receiver.log" 2>&1 &
pids+=($!)

start_host
template=$(curl -sf -X POST "http://127.0.0.1:$host_port/partners/sink/events" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    -d '{"event_type": "booking.created", "data": {"booking_id": "bk_1", "amount": 2500, "currency": "EUR"}}')
delivery_id=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["delivery_id"])' "$template")
until [ "$(pending)" = 0 ]; do sleep 0.1; done
kill -TERM "$host_pid"
wait "$host_pid" || true

sqlite3 "$database" <<EOF
WITH RECURSIVE copy(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copy WHERE n < $count)
INSERT INTO deliveries (id, partner_id, event_id, event_type, body, status, attempt_count, next_attempt_at,
    created_at, updated_at)
SELECT printf('dlv_backlog_%07d', n), partner_id, printf('evt_backlog_%07d', n), event_type,
    CAST(replace(CAST(body AS TEXT), event_id, printf('evt_backlog_%07d', n)) AS BLOB),
    'pending', 0, created_at, created_at, created_at
FROM deliveries, copy WHERE id = '$delivery_id';
EOF
echo "backlog: $(pending) pending deliveries for partner sink"

start_time=$(date +%s.%N)
start_host
peak_rss=0
while true; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$host_pid/status")
    [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
    left=$(pending)
    [ "$left" = 0 ] && break
    sleep 0.5
done
end_time=$(date +%s.%N)
high_water=$(awk '/VmHWM/ {print $2}' "/proc/$host_pid/status")
python3 - "$count" "$start_time" "$end_time" "$peak_rss" "$high_water" <<'EOF'
import sys
count, start, end, peak, high_water = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
seconds = end - start
print(f"{count} deliveries drained in {seconds:.1f} s (host start included): {count / seconds:,.0f}/s; "
      f"RSS sampled peak {peak / 1024:.0f} MB, high-water mark {high_water / 1024:.0f} MB")
EOF
sqlite3 "$database" "SELECT status, count(*) FROM deliveries GROUP BY status"
