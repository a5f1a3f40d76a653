#!/usr/bin/env python3
"""Writes seed_vectors.json: golden vectors for Pasarela's `seed` signature scheme.

Each vector is a request body as some partner might send it; Python parses it with json.loads,
prints the canonical form exactly as the seed's sign_payload does
(json.dumps(payload, separators=(',', ':'), sort_keys=True)) and signs that with HMAC-SHA256.
Run: python3 make_seed_vectors.py > seed_vectors.json
"""
import hashlib
import hmac
import json

SECRET = "shared_secret_chuwue_findyourwork"

PAYLOADS = {
    "seed reservation": {
        "event_type": "event.reservation_confirmed",
        "timestamp": "2026-02-15T19:00:00.123456Z",
        "source": "chuwue-grill",
        "version": "1.0",
        "data": {
            "reservation_id": "RES-2026-001",
            "event_name": "Cena Corporativa TechCorp",
            "date": "2026-02-15",
            "time": "19:00",
            "guests": 50,
            "contact_name": "María García",
            "contact_phone": "0991234567",
            "services_requested": ["dj", "decoracion", "fotografia"],
        },
    },
    "seed booking": {
        "event_type": "service.booked_for_event",
        "timestamp": "2026-02-15T19:00:00Z",
        "source": "findyourwork",
        "data": {
            "external_event_id": "RES-2026-001",
            "service_id": 123,
            "service_name": "DJ Profesional",
            "service_category": "entretenimiento",
            "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"},
            "price": 250.00,
            "scheduled_time": "19:00",
        },
    },
    "floats": {"a": 250.0, "b": 0.1, "c": 1e-05, "d": 1e16, "e": -0.0, "f": 12345678.9, "g": 1e15,
               "h": 0.0001, "i": 1.5e300, "j": 5e-324, "k": 123456789012345680.0, "l": 2.5, "m": 100.0,
               "n": 9007199254740994.0, "o": 1234567890123456.0, "p": 9999999999999998.0, "q": 0.00012345,
               "r": 1.7976931348623157e308, "s": 2.2250738585072014e-308, "t": 123.456, "u": 1e-4, "v": 0.5,
               "w": 4.35, "x": 1e22, "y": -1234.5e-10},
    "integers": {"small": 0, "neg": -42, "big": 2**64 + 1, "huge": -(10**40), "max": 9007199254740993},
    "text": {"accents": "María García", "emoji": "🎉 party", "slash": "a/b", "quote": "say \"hola\"",
             "backslash": "c:\\path", "controls": "tab\tnl\ncr\rbell\x07\x1f", "del": "\x7f",
             "bmp": "€ ü 中文", "empty": ""},
    "keys": {"b": 1, "a": 2, "B": 3, "é": 4, "e": 5, "z": 6, "Z": 7, "ä": 8, "🎉": 9, "ﬀ": 10, "_": 11, "1": 12},
    "nesting": {"x": [{"b": [1, {"d": None, "c": True}], "a": False}, [], {}], "y": {"z": {"w": [[[]]]}}},
}

# Bodies written by other JSON producers, to pin how numbers written differently are read.
RAW_BODIES = {
    "number spellings": '{"e1": 1E5, "e2": 1.0e2, "e3": -0, "e4": 0.10, "e5": 1e-7, "e6": 12.50, "e7": 1e400, "e8": 100000000000000000000.0}',
    "escapes in input": '{"s": "\\u00e9\\ud83c\\udf89\\/", "t": "plain"}',
    "whitespace": '{ "b" : [ 1 , 2 ] ,\n  "a" : { } }',
}


def vector(name, body):
    payload = json.loads(body)
    canonical = json.dumps(payload, separators=(",", ":"), sort_keys=True)
    return {
        "name": name,
        "body": body,
        "canonical": canonical,
        "secret": SECRET,
        "signature": hmac.new(SECRET.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest(),
        "raw_signature": hmac.new(SECRET.encode("utf-8"), body.encode("utf-8"), hashlib.sha256).hexdigest(),
    }


vectors = []
for name, payload in PAYLOADS.items():
    vectors.append(vector(name + " (as requests sends it)", json.dumps(payload)))
    vectors.append(vector(name + " (UTF-8, unsorted)", json.dumps(payload, ensure_ascii=False)))
for name, body in RAW_BODIES.items():
    vectors.append(vector(name, body))
print(json.dumps(vectors, indent=1, ensure_ascii=False))
