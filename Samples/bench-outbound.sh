#!/usr/bin/env bash
# `pasarela bench outbound` against a fresh release host on a fresh SQLite file (docs/benchmark.md,
# "Outbound deliveries"). Arguments go to `bench outbound`; SYNC=normal sets sqlite_synchronous and
# MAX_IN_FLIGHT delivery.max_in_flight; BINARY another build of pasarela (to compare two).
#   Samples/bench-outbound.sh -n 100000 --partners 10 --backlog
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BINARY:-.build/release/pasarela}
[ -x "$binary" ] || swift build -c release --product pasarela
work=$(mktemp -d)
token="bench-outbound-admin-token-$(date +%s)"
cat > "$work/host.yaml" <<YAML
admin: {token: "$token"}
storage: {url: "sqlite:$work/host.sqlite", sqlite_synchronous: ${SYNC:-full}}
server: {host: 127.0.0.1, port: ${PORT:-8320}}
delivery: {allow_private_networks: true, max_in_flight: ${MAX_IN_FLIGHT:-32}}
YAML
"$binary" serve --config "$work/host.yaml" > "$work/host.log" 2>&1 &
host=$!
trap 'kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:${PORT:-8320}/healthz" > /dev/null && break; sleep 0.1; done
"$binary" bench outbound --url "http://127.0.0.1:${PORT:-8320}" --token "$token" --host-pid "$host" --database "$work/host.sqlite" "$@"
