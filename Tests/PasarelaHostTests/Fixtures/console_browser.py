#!/usr/bin/env python3
"""Drives the operator console (docs/console.md) in headless Chromium (Debian's chromium, through
Playwright): sign in (a wrong token first), every page, a partner name with markup escaped, a dead
delivery retried until delivered, a refund, a secret rotation, the event catalog, CSRF-less posts
refused, a phone's width, sign out, and a refund again with JavaScript off.

    console_browser.py HOST_URL ADMIN_TOKEN SCREENSHOT_DIR

Prints one `ok:` line per check that passed; exits non-zero (with the reason) on the first that fails.
"""
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

from playwright.sync_api import sync_playwright

HOST, TOKEN, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
CONSOLE = HOST + "/console"
NAME = "Flaky Bistro <b>x</b>"
NAV = ["Overview", "Payments", "Partners", "Deliveries", "Events", "Event types"]
passed = 0


def check(condition, what):
    global passed
    if not condition:
        raise SystemExit("FAILED: " + what)
    passed += 1
    print("ok:", what, flush=True)


def shot(page, name):
    page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def api(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
    request = urllib.request.Request(HOST + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def until(what, condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise SystemExit("FAILED: " + what + " within " + str(timeout) + " s")


class Receiver(http.server.BaseHTTPRequestHandler):
    """The partner's endpoint: 500 while `failing`, else 200."""
    failing, count = True, 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Receiver.count += 1
        self.send_response(500 if Receiver.failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "http://127.0.0.1:%d/hook" % server.server_address[1]


def seed():
    """A partner whose only delivery is dead, and a succeeded payment, through the admin API."""
    partner = api("POST", "/partners/register", {"name": NAME, "webhook_url": start_receiver()})["partner_id"]
    payment = api("POST", "/payments", {"amount": "20.00", "currency": "USD", "description": "Cena"})
    check(payment["status"] == "succeeded", "the API created a succeeded payment")
    delivery = api("POST", "/partners/" + partner + "/events", {"event_type": "order.created", "data": {"n": 1}})["delivery_id"]
    until("the delivery is dead", lambda: api("GET", "/deliveries/" + delivery)["status"] == "dead")
    check(Receiver.count == 1, "the delivery's one attempt got a 500 and it is dead")
    return partner, payment["id"], delivery


def navigate(page, action):
    """Runs `action` (a click) and returns the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        action()
    return navigation.value


def sign_in(page, token):
    page.fill("input[name=token]", token)
    return navigate(page, lambda: page.get_by_role("button", name="Sign in", exact=True).click())


def at(page, path):
    """Whether the page is at `path` under /console (whatever its query, such as `?notice=`)."""
    return urllib.parse.urlsplit(page.url)._replace(query="").geturl() == CONSOLE + path


def session(context):
    return [cookie for cookie in context.cookies() if cookie["name"] == "pasarela_console"]


def signing_in(page):
    response = page.goto(CONSOLE)
    check(at(page, "/sign-in") and response.status == 200, "/console redirects to /console/sign-in")
    response = sign_in(page, "not-the-token")
    error = page.locator(".error, [role=alert]").filter(has_text=re.compile(r"\S"))
    check(response.status == 401 and error.count() >= 1 and page.locator("input[name=token]").count() == 1, "a wrong token gets the form again, a reason and 401")
    check(not session(page.context), "a wrong token opens no session")
    response = sign_in(page, TOKEN)
    check(response.status == 200 and at(page, ""), "the right token opens the overview")
    counts = page.evaluate("[...document.querySelectorAll('dt')].map(t => [t.innerText, t.nextElementSibling?.innerText ?? ''])")
    count = lambda label: [value.strip() for name, value in counts if label(name.lower())]
    check("1" in count(lambda name: "dead" in name), "the overview counts the dead delivery")
    check("1" in count(lambda name: name.startswith("payments")), "the overview counts the payment")
    check(page.locator("svg").filter(has_text="succeeded").count() >= 1, "the overview charts payments by status in an SVG")
    shot(page, "overview-1280")
    cookie = session(page.context)
    check(len(cookie) == 1 and cookie[0]["httpOnly"] and cookie[0]["sameSite"] == "Strict", "the session cookie is HttpOnly and SameSite=Strict")


def nav_links(page):
    for name in NAV:
        response = navigate(page, lambda: page.get_by_role("link", name=name, exact=True).first.click())
        check(response.status == 200, "the " + name + " link opens a page (" + page.url.replace(HOST, "") + ")")


def partners(page):
    page.goto(CONSOLE + "/partners")
    check(page.get_by_text(NAME, exact=True).first.is_visible(), "the partners page shows the name's markup as text")
    check(page.locator("b").filter(has_text=re.compile(r"^x$")).count() == 0, "the partner's name made no <b> element")


def deliveries(page, delivery):
    page.goto(CONSOLE + "/deliveries")
    page.select_option("select[name=status]", "dead")
    navigate(page, lambda: page.get_by_role("button", name="Filter", exact=True).click())
    check("status=dead" in page.url, "the deliveries filter by status dead")
    navigate(page, lambda: page.locator('a[href$="/deliveries/%s"]' % delivery).first.click())
    check(page.inner_text("#delivery-status").strip() == "dead", "the delivery page says dead")
    cell = page.locator("td").filter(has_text=re.compile(r"^\s*500\s*$"))
    check(page.locator("tr").filter(has=cell).count() >= 1, "the delivery page lists the attempt's 500")
    shot(page, "delivery-dead")
    Receiver.failing = False
    navigate(page, lambda: page.get_by_role("button", name="Retry", exact=True).click())
    check(at(page, "/deliveries/" + delivery) and page.locator("p.notice[role=status]").count() == 1, "Retry answers with the delivery's page and a notice")

    def delivered():
        page.reload()
        return page.inner_text("#delivery-status").strip() == "delivered"
    until("the retried delivery shows delivered", delivered)
    check(Receiver.count == 2, "the retried delivery shows delivered after one more attempt")
    shot(page, "delivery-delivered")


def refund(page, payment, amount, refunded, what):
    page.goto(CONSOLE + "/payments")
    navigate(page, lambda: page.locator('a[href$="/payments/%s"]' % payment).first.click())
    page.fill("input[name=amount]", amount)
    response = navigate(page, lambda: page.get_by_role("button", name="Refund", exact=True).click())
    notice = page.locator("p.notice[role=status]")
    check(response.status == 200 and notice.count() == 1 and notice.inner_text().strip() != "", what + ": the page shows a notice")
    check(refunded in page.inner_text("#payment-refunded"), what + ": #payment-refunded shows " + refunded)


def rotate(page, partner):
    page.goto(CONSOLE + "/partners/" + partner)
    response = navigate(page, lambda: page.get_by_role("button", name="Rotate secret", exact=True).click())
    check(response.status == 200 and page.inner_text("#new-secret").strip() != "", "Rotate secret shows the new secret once")
    check(api("GET", "/partners/" + partner)["partner_id"] == partner, "the partner still reads through the API")
    shot(page, "secret-rotated")


def event_types(page):
    types = [entry["type"] for entry in api("GET", "/event-types")["data"]]
    page.goto(CONSOLE + "/event-types")
    text = page.inner_text("body")
    missing = [name for name in types if name not in text]
    check(not missing, "the event types page lists all %d types of GET /event-types (missing: %s)" % (len(types), missing))
    shot(page, "event-types")


def csrf(page, delivery):
    url = CONSOLE + "/deliveries/" + delivery + "/retry"
    check(page.request.post(url, form={}).status == 403, "a post without csrf_token is refused with 403")
    check(page.request.post(url, form={"csrf_token": "wrong"}).status == 403, "a post with a wrong csrf_token is refused with 403")


def phone(context):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in [("overview", ""), ("deliveries", "/deliveries")]:
        page.goto(CONSOLE + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        check(width <= 391, "at 390 px the %s page does not scroll sideways (%d px wide)" % (name, width))
        shot(page, name + "-390")
    page.close()


def sign_out(page):
    navigate(page, lambda: page.get_by_role("button", name="Sign out", exact=True).click())
    check(at(page, "/sign-in"), "Sign out lands on the sign-in page")
    page.goto(CONSOLE)
    check(at(page, "/sign-in"), "after signing out /console redirects to sign-in again")


def without_javascript(browser, payment):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(CONSOLE)
    check(sign_in(page, TOKEN).status == 200 and at(page, ""), "without JavaScript: signed in")
    refund(page, payment, "", "20.00", "without JavaScript, refunding what remains")
    context.close()


def main():
    os.makedirs(SHOTS, exist_ok=True)
    partner, payment, delivery = seed()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        signing_in(page)
        nav_links(page)
        partners(page)
        deliveries(page, delivery)
        refund(page, payment, "5.00", "5.00", "refunding 5.00")
        shot(page, "refund")
        rotate(page, partner)
        event_types(page)
        csrf(page, delivery)
        phone(context)
        sign_out(page)
        without_javascript(browser, payment)
        browser.close()
    print("passed:", passed, "checks", flush=True)


if __name__ == "__main__":
    main()
