#!/usr/bin/env python3
"""Stripe-Signature headers made and checked by Stripe's own Python library (pip `stripe`).

Takes one argument, JSON: {"payload": "...", "sign": [{"secrets": [...], "timestamp": N}, ...],
"verify": [{"header": "...", "secret": "..."}, ...]} and prints JSON: {"headers": [...],
"verified": [true|false, ...]}. A header with several secrets carries one v1 per secret,
as Stripe sends during a secret rotation.
"""
import json
import sys

import stripe


def header(payload, secrets, timestamp):
    parts = [f"t={timestamp}"]
    for secret in secrets:
        generated = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
        parts += [part for part in generated.split(",") if part.startswith("v1=")]
    return ",".join(parts)


def verified(payload, header, secret):
    try:
        return stripe.WebhookSignature.verify_header(payload, header, secret, tolerance=None)
    except stripe.SignatureVerificationError:
        return False


request = json.loads(sys.argv[1])
payload = request["payload"]
print(json.dumps({
    "headers": [header(payload, case["secrets"], case["timestamp"]) for case in request.get("sign", [])],
    "verified": [verified(payload, case["header"], case["secret"]) for case in request.get("verify", [])],
}))
