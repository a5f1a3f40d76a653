#!/usr/bin/env python3
"""Pre-signs distinct webhooks for `wrk` (docs/benchmark.md, "Ingest under wrk").

    Samples/wrk-webhooks.py --scheme seed --secret bench-seed-secret -n 300000 > /tmp/seed.tsv
    WEBHOOKS=/tmp/seed.tsv wrk -t1 -c32 -d10s --latency -s Samples/wrk-webhooks.lua \\
        http://127.0.0.1:8300/webhooks/partner/seedy

Each line is `header: value` pairs and the body, tab-separated; Samples/wrk-webhooks.lua sends
them in turn, starting over when they run out (make -n larger than the run's requests).
Schemes: `seed` (hex HMAC-SHA256 of the body in X-HMAC-Signature) and `standard` (Standard
Webhooks: webhook-id, webhook-timestamp, webhook-signature); the bare route takes either.
"""
import argparse
import base64
import hashlib
import hmac
import sys
import time
import uuid
from datetime import datetime, timezone


def body(run, number, stamp):
    return (
        f'{{"data":{{"n":{number},"note":"pasarela wrk"}},"event_id":"wrk_{run}_{number}",'
        f'"event_type":"bench.event","source":"wrk","timestamp":"{stamp}","version":"1.0"}}'
    )


def headers(scheme, secret, message_id, seconds, payload):
    if scheme == "seed":
        signature = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
        return [("X-HMAC-Signature", signature)]
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{seconds}.{payload}".encode()
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return [("webhook-id", message_id), ("webhook-timestamp", str(seconds)), ("webhook-signature", f"v1,{signature}")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheme", choices=["seed", "standard"], required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("-n", type=int, default=300_000)
    arguments = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    seconds = int(time.time())
    stamp = datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    out = sys.stdout
    for number in range(arguments.n):
        payload = body(run, number, stamp)
        pairs = headers(arguments.scheme, arguments.secret, f"wrk_{run}_{number}", seconds, payload)
        out.write("\t".join(f"{name}: {value}" for name, value in pairs) + "\t" + payload + "\n")


if __name__ == "__main__":
    main()
