#!/usr/bin/env python3
"""A partner as the seed writes it: sign_payload + requests.post(json=payload), and the seed's
verify_signature on what it receives, unchanged.

Usage:
  seed_partner.py URL SECRET PARTNER_ID
      sends the seed's service.booked_for_event (Paso 4); prints the HTTP status and the answer.
  seed_partner.py send URL SECRET PARTNER_ID EVENT_TYPE DATA_JSON
      sends one event; prints the HTTP status and the answer.
  seed_partner.py receive PORT SECRET COUNT TIMEOUT
      serves webhooks on 127.0.0.1:PORT until COUNT verified ones arrived (or TIMEOUT seconds);
      prints one JSON line per request: {"verified", "partner_id", "event_type", "data"}.
"""
import hashlib
import hmac
import json
import sys
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import requests


def sign_payload(payload: dict, secret: str) -> str:
    """Firma un payload con HMAC-SHA256"""
    payload_str = json.dumps(payload, separators=(',', ':'), sort_keys=True)
    return hmac.new(
        secret.encode('utf-8'),
        payload_str.encode('utf-8'),
        hashlib.sha256
    ).hexdigest()


def verify_signature(payload: dict, signature: str, secret: str) -> bool:
    """Verifica la firma HMAC de un payload"""
    expected = sign_payload(payload, secret)
    return hmac.compare_digest(expected, signature)


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


def receive(port, secret, count, timeout):
    verified = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers.get('Content-Length', 0))))
            # Chuwue's side reads X-HMAC-Signature, FindyourWork's X-Partner-Signature.
            signature = self.headers.get('X-Partner-Signature') or self.headers.get('X-HMAC-Signature') or ''
            ok = verify_signature(payload, signature, secret)
            print(json.dumps({"verified": ok, "partner_id": self.headers.get('X-Partner-ID'),
                              "event_type": payload.get('event_type'), "data": payload.get('data')}), flush=True)
            if ok:
                verified.append(payload)
            body = json.dumps({'status': 'processed'} if ok else {'error': 'Invalid signature'}).encode()
            self.send_response(200 if ok else 401)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(('127.0.0.1', port), Handler)
    server.timeout = 0.2
    deadline = time.time() + timeout
    while len(verified) < count and time.time() < deadline:
        server.handle_request()


if __name__ == "__main__":
    if sys.argv[1] == "receive":
        receive(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
        sys.exit(0)
    if sys.argv[1] == "send":
        url, secret, partner_id, event_type, data = sys.argv[2:7]
        response = notify(url, secret, partner_id, event_type, json.loads(data))
    else:
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
