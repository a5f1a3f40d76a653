#!/usr/bin/env python3
"""MercadoPago's official Python SDK (pip `mercadopago`) as the peer of Pasarela's checks.

  validate <x-signature> <x-request-id or -> <data.id or -> <secret> <tolerance> <now seconds>
      prints "valid", or "invalid <reason>" as the SDK's WebhookSignatureValidator decides
  sign <x-request-id or -> <data.id or -> <secret> <ts>
      prints the x-signature MercadoPago would send: the SDK's manifest, hex HMAC-SHA256
"""
import hashlib
import hmac
import sys

from mercadopago.webhook import InvalidWebhookSignatureError, WebhookSignatureValidator
from mercadopago.webhook import validator


def optional(value):
    return None if value == "-" else value


def main(argv):
    if argv[1] == "validate":
        header, request_id, data_id, secret, tolerance, now = argv[2:8]
        try:
            WebhookSignatureValidator.validate(
                header, optional(request_id), optional(data_id), secret,
                tolerance_seconds=int(tolerance), now=lambda: int(now) * 1000)
            print("valid")
        except InvalidWebhookSignatureError as error:
            print("invalid " + error.reason.value)
    elif argv[1] == "sign":
        request_id, data_id, secret, ts = argv[2:6]
        manifest = validator._build_manifest(optional(data_id), optional(request_id), ts)
        digest = hmac.new(secret.encode(), manifest.encode(), hashlib.sha256).hexdigest()
        print(f"ts={ts},v1={digest}")


main(sys.argv)
