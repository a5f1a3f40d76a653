#!/usr/bin/env bash
# The runs behind the charts of docs/benchmark.md: each one a line of `pasarela bench … --json`,
# appended to OUTPUT, then drawn by Samples/bench-chart.py.
#
#   Samples/bench-sweep.sh ingest   docs/images/ingest.jsonl     # bare route, standard, seed × connections
#   Samples/bench-sweep.sh outbound docs/images/outbound.jsonl   # 1,000 events/s × partners, fast and 50 ms receivers
#   Samples/bench-sweep.sh drain    docs/images/drain.jsonl      # a backlog's drain × partners, max_in_flight 32 and 128
#
# Each point runs against a fresh release host on a fresh SQLite file (sqlite_synchronous SYNC,
# default full). RUNS repeats every point (default 2); CONNECTIONS, PARTNERS and N override the
# points and the size of a run (ingest: 1,500 requests a connection, at least 10,000). BINARY picks another build.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?ingest, drain or outbound}
output=${2:?the file to append JSON lines to}
binary=${BINARY:-.build/release/pasarela}
[ -x "$binary" ] || swift build -c release --product pasarela
runs=${RUNS:-2}
port=8330
token="bench-sweep-admin-token-$$"
work=$(mktemp -d)
host=
stop_host() {
    if [ -n "$host" ]; then kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; fi
    host=
}
trap 'stop_host; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# start_host MAX_IN_FLIGHT: a fresh host on a fresh database, with the two partners of Samples/bench.yaml.
start_host() {
    stop_host
    rm -f "$work"/host.sqlite*
    cat > "$work/host.yaml" <<YAML
admin: {token: "$token"}
server: {host: 127.0.0.1, port: $port}
storage: {url: "sqlite:$work/host.sqlite", sqlite_synchronous: ${SYNC:-full}}
delivery: {allow_private_networks: true, max_in_flight: $1}
partners:
  - {id: acme, webhook_url: "http://127.0.0.1:9/", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", scheme: standard}
  - {id: seedy, webhook_url: "http://127.0.0.1:9/", secret: "bench-seed-secret", scheme: seed}
YAML
    # Another host on the port (another sweep, say) would answer the health check and refuse our token.
    if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
        echo "port $port is in use: is another sweep running?" >&2
        exit 1
    fi
    "$binary" serve --config "$work/host.yaml" > "$work/host.log" 2>&1 &
    host=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && return 0; sleep 0.1; done
    echo "the host did not start; its log:" >&2
    cat "$work/host.log" >&2
    exit 1
}

ingest() {
    "$binary" bench-receiver --port $((port + 1)) --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw > /dev/null 2>&1 &
    sleep 0.5
    for connections in ${CONNECTIONS:-2 8 16 32 64 128}; do
        for _ in $(seq "$runs"); do
            # About as long a run at every point: 1,500 requests a connection, at least 10,000.
            local requests=${N:-$((connections * 1500 > 10000 ? connections * 1500 : 10000))}
            local common=(-n "$requests" -c "$connections" --json --no-progress)
            stop_host # the bare route runs alone, as the hosts do
            "$binary" bench --url "http://127.0.0.1:$((port + 1))/" --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
                --label "bare route" "${common[@]}" >> "$output"
            start_host 32
            "$binary" bench --url "http://127.0.0.1:$port/webhooks/partner/acme" --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
                --label "standard" "${common[@]}" >> "$output"
            start_host 32
            "$binary" bench --url "http://127.0.0.1:$port/webhooks/partner/seedy" --scheme seed --secret bench-seed-secret \
                --label "seed" "${common[@]}" >> "$output"
            tail -n 3 "$output" >&2
        done
    done
}

outbound() {
    for partners in ${PARTNERS:-1 10 100}; do
        for _ in $(seq "$runs"); do
            for setting in "0 32" "50 32" "50 256"; do
                set -- $setting
                start_host "$2"
                "$binary" bench outbound --url "http://127.0.0.1:$port" --token "$token" -n "${N:-8000}" --rate 1000 \
                    --partners "$partners" --receiver-latency-ms "$1" --receiver-port $((port + 2)) --host-pid "$host" \
                    --database "$work/host.sqlite" --label "receiver ${1} ms, max_in_flight $2" --json --no-progress >> "$output"
                tail -n 1 "$output" >&2
            done
        done
    done
}

drain() {
    for partners in ${PARTNERS:-1 10 100}; do
        for _ in $(seq "$runs"); do
            for slots in 32 128; do
                start_host "$slots"
                "$binary" bench outbound --url "http://127.0.0.1:$port" --token "$token" -n "${N:-40000}" --backlog \
                    --partners "$partners" --receiver-port $((port + 2)) --host-pid "$host" --database "$work/host.sqlite" \
                    --label "max_in_flight $slots" --json --no-progress >> "$output"
                tail -n 1 "$output" >&2
            done
        done
    done
}

case $mode in
    ingest) ingest ;;
    outbound) outbound ;;
    drain) drain ;;
    *) echo "usage: $0 ingest|outbound|drain OUTPUT" >&2; exit 2 ;;
esac
