#!/usr/bin/env python3
"""Drives the hosted checkout in headless Chromium (Debian's chromium, through Playwright):
the sample shop's Buy button, the mock's page, pay / decline / cancel, the return pages, a used
and an unknown token, and the whole pay flow again with JavaScript off.

    checkout_browser.py SHOP_URL PASARELA_URL ADMIN_TOKEN SCREENSHOT_DIR

Prints one line per check that passed; exits non-zero (with the reason) on the first that fails.
"""
import json
import os
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright

SHOP, PASARELA, TOKEN, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/"), sys.argv[3], sys.argv[4]


def payment(payment_id):
    request = urllib.request.Request(PASARELA + "/payments/" + payment_id, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def check(condition, what):
    if not condition:
        raise SystemExit("FAILED: " + what)
    print("ok:", what, flush=True)


def shot(page, name):
    page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def buy(page, flow):
    """From the shop to the mock's checkout page; returns the page's URL."""
    page.goto(SHOP + "/")
    page.click("#buy")
    page.wait_for_url(PASARELA + "/checkout/mock/**")
    check(page.inner_text("#amount") == "USD 12.50", flow + ": the checkout page shows USD 12.50")
    check("Menú del día" in page.inner_text("#items"), flow + ": the checkout page lists the items")
    shot(page, flow + "-1-checkout")
    return page.url


def choose(page, flow, button, landing, status):
    checkout_url = buy(page, flow)
    page.click("#" + button)
    page.wait_for_url(SHOP + landing + "?payment_id=*")
    payment_id = page.inner_text("#payment")
    check(page.url.endswith("payment_id=" + payment_id), flow + ": back at the shop's " + landing + " with payment_id")
    check(page.inner_text("#status") == status, flow + ": the shop's page says " + status)
    check(payment(payment_id)["status"] == status, flow + ": the payment is " + status + " in Pasarela")
    shot(page, flow + "-2-" + landing.strip("/"))
    return checkout_url


def wait_for_shop():
    for _ in range(100):
        try:
            urllib.request.urlopen(SHOP + "/", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("FAILED: the shop did not start")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    wait_for_shop()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        used = choose(page, "pay", "pay", "/thanks", "succeeded")
        choose(page, "decline", "decline", "/cart", "failed")
        choose(page, "cancel", "cancel", "/cart", "canceled")
        response = page.goto(used)
        check(response.status == 410 and "already used" in page.inner_text("h1"), "a used token gets a 410 page saying so")
        shot(page, "used-token")
        response = page.goto(PASARELA + "/checkout/mock/" + "A" * 43)
        check(response.status == 404 and "not valid" in page.inner_text("#notice"), "an unknown token gets a 404 page saying so")
        shot(page, "unknown-token")
        phone = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}).new_page()
        choose(phone, "nojs-phone", "pay", "/thanks", "succeeded")
        browser.close()


if __name__ == "__main__":
    main()
