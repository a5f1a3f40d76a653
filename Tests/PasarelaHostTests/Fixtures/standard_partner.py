#!/usr/bin/env python3
"""Signs with the `standardwebhooks` package (pip) and posts to Pasarela, or verifies a message.

sign:   standard_partner.py post URL SECRET MSG_ID TIMESTAMP BODY   → prints status and answer
verify: standard_partner.py verify SECRET BODY ID TIMESTAMP SIGNATURE → prints "valid" or the error
"""
import sys
from datetime import datetime, timezone

import requests
from standardwebhooks.webhooks import Webhook

if sys.argv[1] == "post":
    url, secret, msg_id, timestamp, body = sys.argv[2:7]
    wh = Webhook(secret)
    sent_at = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    signature = wh.sign(msg_id, sent_at, body)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signature,
    }
    response = requests.post(url, data=body.encode("utf-8"), headers=headers)
    print(response.status_code)
    print(response.text)
else:
    secret, body, msg_id, timestamp, signature = sys.argv[2:7]
    try:
        Webhook(secret).verify(body, {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature})
        print("valid")
    except Exception as error:  # noqa: BLE001 - report any failure
        print(f"invalid: {error!r}")
