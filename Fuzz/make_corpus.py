#!/usr/bin/env python3
"""Writes the seed corpus, Fuzz/Corpus/<target>/, from real bodies, headers and amounts.

Signed inputs are signed as their partners sign them, with the secrets and the clock the fuzz
targets use (Fuzz/PasarelaFuzz: FuzzTarget.now = the Standard Webhooks test vector's timestamp),
so the fuzzer starts from headers that verify. Inputs found by fuzzing are added by hand, beside
these, and kept (see docs/fuzzing.md). Run from the repository's root: python3 Fuzz/make_corpus.py
"""
import base64, hashlib, hmac, json, pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "Corpus"
NOW = 1614265330
STRIPE_SECRET, MP_SECRET = "whsec_fuzz_stripe", "mp_fuzz_secret"
STANDARD_SECRET, SEED_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "seed_fuzz_secret"
SKEW = b"\x00"  # the targets' leading clock-skew byte: none


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def hex_mac(key, message):
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


stripe_event = (ROOT / "Tests/FakeStripeAPI/Fixtures/event.json").read_bytes()
vectors = json.loads((ROOT / "Tests/PasarelaKitTests/Fixtures/seed_vectors.json").read_text())
seed_body = json.dumps({"event_type": "event.reservation_confirmed", "timestamp": "2021-02-25T15:02:10Z",
                        "event_id": "evt-1", "data": {"reservation_id": "RES-1", "total": 250.0, "guest": "María"}},
                       ensure_ascii=False).encode()

# JSON: real bodies, the seed's golden vectors and a few malformed texts.
json_inputs = {"stripe_event.json": stripe_event, "seed_body.json": seed_body,
               "standard_vector.json": b'{"test": 2432232314}', "truncated.json": b'{"a": [1, 2',
               "trailing_comma.json": b"[1,]", "lone_surrogate.json": b'"\\ud800"', "deep.json": b"[" * 40 + b"]" * 40}
for index, vector in enumerate(vectors):
    json_inputs[f"seed_vector_{index:02}.json"] = vector["body"].encode()
for name, data in json_inputs.items():
    write("FuzzJSONParser", name, data)
    write("FuzzCanonicalJSON", name, data)

# Stripe-Signature: layout skew, header line, body.
stripe_mac = hex_mac(STRIPE_SECRET, f"{NOW}.".encode() + stripe_event)
for name, header in {"genuine": f"t={NOW},v1={stripe_mac}",
                     "rotation": f"t={NOW}, v1={'0' * 64} ,v0=abc,v1={stripe_mac}",
                     "no_timestamp": f"v1={stripe_mac}", "bad_timestamp": f"t=9223372036854775808,v1={stripe_mac}",
                     "empty": ""}.items():
    write("FuzzStripeSignature", name, SKEW + header.encode() + b"\n" + stripe_event)

# x-signature: layout skew, header, x-request-id, data.id.
def mp_input(header, request_id, data_id):
    return SKEW + f"{header}\n{request_id}\n{data_id}".encode()

for name, (request_id, data_id, signed_id) in {"genuine": ("bb56a2f1-6aae-46ac-982e-9dcd3581d08e", "123456", "123456"),
                                               "lowercased_id": ("req-1", "ABC-Def", "abc-def"),
                                               "no_request_id": ("", "99", "99")}.items():
    manifest = "".join(f"{key}:{value};" for key, value in (("id", signed_id), ("request-id", request_id), ("ts", NOW)) if value)
    write("FuzzMercadoPagoSignature", name, mp_input(f"ts={NOW},v1={hex_mac(MP_SECRET, manifest.encode())}", request_id, data_id))
write("FuzzMercadoPagoSignature", "malformed", mp_input("ts=12a, v1 = ,=,,", "r", "1"))

# Partner schemes: layout scheme byte (0 standard, 1 seed), skew, header lines, body.
write("FuzzSignatureSchemes", "standard_vector",
      b"\x00" + SKEW + b"msg_p5jXN8AQM9LWM0D4loKWxJek\n1614265330\nv1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n"
      + b'{"test": 2432232314}')
standard_key = base64.b64decode(STANDARD_SECRET.removeprefix("whsec_"))
standard_mac = base64.b64encode(hmac.new(standard_key, f"msg_2.{NOW}.".encode() + seed_body, hashlib.sha256).digest()).decode()
write("FuzzSignatureSchemes", "standard_rotation",
      b"\x00" + SKEW + f"msg_2\n{NOW}\nv1,AAAA v2,xyz v1,{standard_mac}\n".encode() + seed_body)
seed_canonical = json.dumps(json.loads(seed_body), separators=(",", ":"), sort_keys=True).encode()
write("FuzzSignatureSchemes", "seed_canonical",
      b"\x01" + SKEW + f"{hex_mac(SEED_SECRET, seed_canonical)}\n\n".encode() + seed_body)
write("FuzzSignatureSchemes", "seed_raw",
      b"\x01" + SKEW + f"\n {hex_mac(SEED_SECRET, seed_body).upper()} \n".encode() + seed_body)

# Amounts: layout currency byte (index into Currency.all, sorted codes), amount text.
currency_source = (ROOT / "Sources/PasarelaKit/Currency.swift").read_text()
codes = sorted(set(re.findall(r'"([A-Z]{3})"', currency_source.split("private static let zeroDecimal")[1])))
for name, (code, amount) in {"usd_12.50": ("USD", "12.50"), "jpy_1e3": ("JPY", "1e3"), "kwd_-0.001": ("KWD", "-0.001"),
                             "ars_json": ("ARS", "100.5"), "usd_exponent": ("USD", "1.25E+1"), "clf_4": ("CLF", "0.0001"),
                             "kwd_max": ("KWD", "9223372036854775.807"), "usd_too_precise": ("USD", "1.005"),
                             "isk_trailing_zeros": ("ISK", "12.000"), "usd_malformed": ("USD", "1.e5")}.items():
    write("FuzzMoney", name, bytes([codes.index(code)]) + amount.encode())
