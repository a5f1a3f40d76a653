#!/usr/bin/env python3
"""A tiny shop that sells through Pasarela's hosted checkout (standard library only).

    python3 shop.py --pasarela http://127.0.0.1:8080 --token "$PASARELA_ADMIN_TOKEN" --port 8000
    python3 shop.py --token "$PASARELA_ADMIN_TOKEN" --provider stripe --currency USD

GET /          the shop: one dish and a Buy button
POST /buy      creates a checkout (POST /payments with "checkout") and sends the customer to it
GET /thanks    where Pasarela sends the customer after paying
GET /cart      where Pasarela sends the customer after declining or cancelling

The return pages read the payment with ?refresh=true: the redirect itself proves nothing, and a
real shop fulfils orders from the payment.succeeded webhook, not from this page.
"""
import argparse
import html
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DISH = {"name": "Menú del día", "quantity": 2, "unit_amount": "6.25"}
TOTAL = "12.50"


def page(title, body):
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>%s</title></head>"
        "<body><h1>%s</h1>%s</body></html>" % (html.escape(title), html.escape(title), body)
    ).encode()


class Shop(BaseHTTPRequestHandler):
    pasarela = ""
    token = ""
    provider = None
    currency = "USD"

    def api(self, method, path, body=None, headers=None):
        request = urllib.request.Request(
            self.pasarela + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def answer(self, status, content, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def own_url(self, path):
        return "http://%s%s" % (self.headers["Host"], path)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/":
            form = '<p>%s × %d — %s %s</p><form method=post action=/buy><button id=buy>Buy</button></form>' % (
                html.escape(DISH["name"]), DISH["quantity"], html.escape(self.currency), TOTAL)
            return self.answer(200, page("Chuwue Grill", form))
        if url.path in ("/thanks", "/cart"):
            payment_id = query.get("payment_id", [""])[0]
            try:
                payment = self.api("GET", "/payments/%s?refresh=true" % urllib.parse.quote(payment_id))
            except urllib.error.HTTPError as error:
                return self.answer(404, page("Unknown payment", "<p id=status>unknown (%d)</p>" % error.code))
            title = "Thank you" if url.path == "/thanks" else "Payment not completed"
            body = "<p>Payment <code id=payment>%s</code>: <strong id=status>%s</strong></p>" % (
                html.escape(payment["id"]), html.escape(payment["status"]))
            return self.answer(200, page(title, body))
        self.answer(404, page("Not found", ""))

    def do_POST(self):
        if self.path != "/buy":
            return self.answer(404, page("Not found", ""))
        order = {
            "amount": TOTAL,
            "currency": self.currency,
            "description": "Chuwue Grill order",
            "checkout": {
                "success_url": self.own_url("/thanks"),
                "cancel_url": self.own_url("/cart"),
                "line_items": [DISH],
            },
        }
        if self.provider:
            order["provider"] = self.provider
        try:
            payment = self.api("POST", "/payments", order, {"Idempotency-Key": secrets.token_hex(16)})
        except urllib.error.HTTPError as error:
            return self.answer(502, page("Checkout unavailable", "<p>%s</p>" % html.escape(error.read().decode())))
        self.answer(303, b"", location=payment["next_action"]["url"])

    def log_message(self, *arguments):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pasarela", default="http://127.0.0.1:8080")
    parser.add_argument("--token", required=True)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--provider", help="the payment instance (the host's default when left out)")
    parser.add_argument("--currency", default="USD")
    arguments = parser.parse_args()
    Shop.pasarela = arguments.pasarela.rstrip("/")
    Shop.token = arguments.token
    Shop.provider = arguments.provider
    Shop.currency = arguments.currency
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Shop)
    print("shop on http://127.0.0.1:%d" % arguments.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
