#!/usr/bin/env python3
"""A partner as the seed writes it: sign_payload + requests.post(json=payload), unchanged.

Usage: seed_partner.py URL SECRET PARTNER_ID
Prints the HTTP status and the answer's body.
"""
import hashlib
import hmac
import json
import sys
from datetime import datetime

import requests


def sign_payload(payload: dict, secret: str) -> str:
    """Firma un payload con HMAC-SHA256"""
    payload_str = json.dumps(payload, separators=(',', ':'), sort_keys=True)
    return hmac.new(
        secret.encode('utf-8'),
        payload_str.encode('utf-8'),
        hashlib.sha256
    ).hexdigest()


def notify(url, secret, partner_id, event_type, data):
    payload = {
        "event_type": event_type,
        "timestamp": datetime.utcnow().isoformat() + "Z",
        "source": partner_id,
        "data": data
    }
    signature = sign_payload(payload, secret)
    headers = {
        "Content-Type": "application/json",
        "X-HMAC-Signature": signature,
        "X-Partner-ID": partner_id
    }
    return requests.post(url, json=payload, headers=headers)


if __name__ == "__main__":
    url, secret, partner_id = sys.argv[1:4]
    response = notify(url, secret, partner_id, "service.booked_for_event", {
        "external_event_id": "RES-2026-001",
        "service_id": 123,
        "service_name": "DJ Profesional",
        "service_category": "entretenimiento",
        "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"},
        "price": 250.00,
        "scheduled_time": "19:00",
        "notes": "María García pidió música latina 🎉",
    })
    print(response.status_code)
    print(response.text)
