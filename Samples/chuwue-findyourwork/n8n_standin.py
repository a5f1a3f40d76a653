#!/usr/bin/env python3
"""A local stand-in for the n8n workflow the seed's FindyourWork feeds through event_bus.py.

    python3 n8n_standin.py --port 8020 --secret "$N8N_WEBHOOK_SECRET" --log events.jsonl

Both hosts send it their event-bus copies (partners with event_bus: true). It checks each
delivery's Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature, with the
whsec_ secret), prints one line per event, the seed's steps 8 and 9 in words, and appends the
envelope to the --log file as a JSON line. A bad signature is answered 401 and not logged.
Standard library only.
"""
import argparse
import base64
import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature_ok(secret, headers, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = "%s.%s.%s" % (headers.get("webhook-id", ""), headers.get("webhook-timestamp", ""), body.decode())
    expected = base64.b64encode(hmac.new(key, signed.encode(), hashlib.sha256).digest()).decode()
    given = [part.split(",", 1)[1] for part in headers.get("webhook-signature", "").split() if part.startswith("v1,")]
    return any(hmac.compare_digest(expected, value) for value in given)


def describe(envelope):
    data = envelope.get("data") or {}
    kind = envelope.get("event_type")
    if kind == "provider.notification_requested":
        provider = data.get("provider") or {}
        booking = data.get("booking") or {}
        event = data.get("event") or {}
        return "step 8: tell %s (%s) they are booked for %s on %s at %s (%s)" % (
            provider.get("name"), provider.get("phone"), event.get("event_name"), event.get("date"),
            booking.get("scheduled_time"), booking.get("service_name"))
    if kind == "customer.notification_requested":
        reservation = data.get("reservation") or {}
        change = data.get("change") or {}
        service = change.get("service") or {}
        return "step 9: tell %s (%s) that %s is now %s for %s" % (
            reservation.get("contact_name"), reservation.get("contact_phone"), service.get("service_name"),
            service.get("status"), reservation.get("event_name"))
    return "%s from %s" % (kind, envelope.get("source"))


class StandIn(BaseHTTPRequestHandler):
    secret = ""
    log = None

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.secret and not signature_ok(self.secret, headers, body):
            self.send_response(401)
            self.end_headers()
            return
        envelope = json.loads(body)
        print("n8n stand-in (%s) %s: %s" % (self.path.rsplit("/", 1)[-1], envelope.get("event_type"), describe(envelope)), flush=True)
        if self.log:
            with open(self.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(envelope, ensure_ascii=False) + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *arguments):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8020)
    parser.add_argument("--secret", default="")
    parser.add_argument("--log")
    arguments = parser.parse_args()
    StandIn.secret = arguments.secret
    StandIn.log = arguments.log
    ThreadingHTTPServer(("127.0.0.1", arguments.port), StandIn).serve_forever()


if __name__ == "__main__":
    main()
