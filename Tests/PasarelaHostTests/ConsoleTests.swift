import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// The operator console through the router: sessions, cookies, CSRF, who may open it, and its
/// actions. The same pages in a real browser: ``ConsoleBrowserTests``.
@Suite("Operator console")
struct ConsoleTests {
    static let yaml = PartnerWebhookTests.yaml(delivery: "schedule: [0]")

    @Test("only a console session opens pages: not the bearer token, not a partner's key, not a wrong token")
    func signIn() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            let registered = try await client.send(.post, "/partners/register", #"{"name":"Bistro","webhook_url":"https://bistro.example/hooks"}"#)
            let apiKey = try #require(registered.json["api_key"]?.stringValue)
            for headers: HTTPFields in [[:], TestHost.authorized, [HTTPField.Name("X-API-Key")!: apiKey]] {
                let page = try await client.execute(uri: "/console", method: .get, headers: headers)
                #expect(page.status == .seeOther)
                #expect(page.headers[.location] == "/console/sign-in")
            }
            let wrong = try await ConsoleClient.post(client, "/console/sign-in", ["token": "not-the-token"], cookie: nil)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
            #expect(wrong.html.contains("That is not the admin token."))
            let console = try await ConsoleClient.signIn(client)
            #expect(console.setCookie.contains("HttpOnly"))
            #expect(console.setCookie.contains("SameSite=Strict"))
            #expect(console.setCookie.contains("Path=/console"))
            #expect(!console.setCookie.contains("Secure"), "plain http: no Secure")
            let overview = try await console.get("/console")
            #expect(overview.status == .ok)
            #expect(overview.headers[HTTPField.Name("Content-Security-Policy")!] == "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
            #expect(overview.headers[.cacheControl] == "no-store")
            for link in ["Overview", "Payments", "Partners", "Deliveries", "Events", "Event types", "Sign out"] {
                #expect(overview.html.contains(">\(link)<"), "\(link)")
            }
            #expect(overview.html.contains("<svg"))
            #expect(!overview.html.contains("<script"), "no script")
            #expect(!overview.html.contains("style="), "no inline style")
        }
    }

    @Test("the session cookie is Secure when the host is reached over TLS")
    func secureCookie() async throws {
        let host = try await TestHost.make(yaml: Self.yaml + "\nserver: {public_url: \"https://pasarela.example\"}")
        try await host.application.test(.router) { client in
            let console = try await ConsoleClient.signIn(client)
            #expect(console.setCookie.contains("Secure"))
        }
    }

    @Test("a post without the session's CSRF token is refused and changes nothing")
    func csrf() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            let console = try await ConsoleClient.signIn(client)
            let other = try await ConsoleClient.signIn(client)
            let otherToken = try await other.csrfToken(on: "/console/partners/acme")
            for fields in [["status": "disabled"], ["status": "disabled", "csrf_token": otherToken], ["status": "disabled", "csrf_token": ""]] {
                let refused = try await console.post("/console/partners/acme/status", fields, csrf: false)
                #expect(refused.status == .forbidden, "\(fields)")
                #expect(refused.html.contains("CSRF"))
            }
            let signedOut = try await ConsoleClient.post(client, "/console/partners/acme/status", ["status": "disabled"], cookie: nil)
            #expect(signedOut.status == .unauthorized)
            #expect(try await client.send(.get, "/partners/acme").json["status"]?.stringValue == "enabled")
            let done = try await console.post("/console/partners/acme/status", ["status": "disabled"])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/console/partners/acme?notice=disabled")
            #expect(try await client.send(.get, "/partners/acme").json["status"]?.stringValue == "disabled")
            #expect(try await console.get("/console/partners/acme?notice=disabled").html.contains("Partner disabled"))
            #expect(try await console.post("/console/partners/acme/status", ["status": "enabled"]).status == .seeOther)
            #expect(try await client.send(.get, "/partners/acme").json["status"]?.stringValue == "enabled")
            #expect(try await console.post("/console/partners/acme/status", ["status": "paused"]).status == .unprocessableContent)
        }
    }

    @Test("signing out ends the session on every host that shares the database")
    func signOut() async throws {
        try await withTemporaryDirectory { directory in
            let yaml = Self.yaml.replacingOccurrences(of: "sqlite::memory:", with: "sqlite:\(directory.path)/console.sqlite")
            let first = try await TestHost.make(yaml: yaml)
            let second = try await TestHost.make(yaml: yaml)
            try await first.application.test(.router) { firstClient in
                try await second.application.test(.router) { secondClient in
                    let session = try await ConsoleClient.signIn(firstClient)
                    let elsewhere = ConsoleClient(client: secondClient, cookie: session.cookie)
                    #expect(try await elsewhere.get("/console/payments").status == .ok)
                    let out = try await elsewhere.post("/console/sign-out", [:])
                    #expect(out.status == .seeOther)
                    #expect(out.headers[.location] == "/console/sign-in?notice=signed-out")
                    #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
                    let after = try await session.get("/console/payments")
                    #expect(after.status == .seeOther)
                    #expect(after.headers[.location] == "/console/sign-in")
                    let again = try await session.post("/console/sign-out", [:], csrf: false)
                    #expect(again.status == .seeOther, "signing out of an ended session lands at sign-in")
                    #expect(again.headers[.location] == "/console/sign-in")
                }
            }
        }
    }

    @Test("sessions end after 8 hours, and every one ends when the admin token changes")
    func sessionLifetime() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(yaml: Self.yaml, clock: clock)
        try await host.application.test(.router) { client in
            let console = try await ConsoleClient.signIn(client)
            clock.advance(by: 8 * 3600 - 1)
            #expect(try await console.get("/console").status == .ok)
            clock.advance(by: 2)
            #expect(try await console.get("/console").headers[.location] == "/console/sign-in")
        }
        try await withTemporaryDirectory { directory in
            let yaml = Self.yaml.replacingOccurrences(of: "sqlite::memory:", with: "sqlite:\(directory.path)/console.sqlite")
            let before = try await TestHost.make(yaml: yaml)
            let after = try await TestHost.make(yaml: yaml.replacingOccurrences(of: TestHost.adminToken, with: "a-new-admin-token-after-a-leak"))
            try await before.application.test(.router) { beforeClient in
                try await after.application.test(.router) { afterClient in
                    let session = try await ConsoleClient.signIn(beforeClient)
                    let page = try await ConsoleClient(client: afterClient, cookie: session.cookie).get("/console")
                    #expect(page.headers[.location] == "/console/sign-in", "a session of the old token opens nothing")
                }
            }
        }
    }

    @Test("every console answer carries its headers: pages, redirects, sign-in, unknown paths, too large a form")
    func headersEverywhere() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            let console = try await ConsoleClient.signIn(client)
            let signIn = try await client.execute(uri: "/console/sign-in", method: .get)
            let redirect = try await client.execute(uri: "/console/payments", method: .get)
            let unknown = try await console.get("/console/no-such-page")
            #expect(unknown.status == .notFound)
            #expect(unknown.html.contains("no console page /console/no-such-page"))
            let tooLarge = try await console.post("/console/partners/acme/status", ["status": String(repeating: "x", count: 20_000)])
            #expect(tooLarge.status == .contentTooLarge)
            for headers in [signIn.headers, redirect.headers, unknown.headers, tooLarge.headers] {
                #expect(headers[HTTPField.Name("Content-Security-Policy")!]?.hasPrefix("default-src 'self'") == true)
                #expect(headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
            let hostile = try await console.get("/console/payments/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(hostile.status == .notFound)
            #expect(!hostile.html.contains("<script>"), "the id echoed in the error is escaped")
        }
    }

    @Test("inbound events: listed, and the detail shows the payload escaped and what the packs did")
    func inboundEvents() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            let webhooks = PartnerWebhookTests()
            let body = webhooks.seedBody().replacingOccurrences(of: "DJ Profesional", with: "<script>alert(1)</script>")
            let received = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try webhooks.seedHeaders(body))
            let id = try #require(received.json["event_id"]?.stringValue)
            let console = try await ConsoleClient.signIn(client)
            #expect(try await console.get("/console/events?source=findyourwork").html.contains("href=\"/console/events/\(id)\""))
            #expect(!(try await console.get("/console/events?source=acme").html.contains(id)), "filtered by source")
            let second = webhooks.seedBody("partner-event-2")
            let other = try await client.send(.post, "/webhooks/partner/findyourwork", second, headers: try webhooks.seedHeaders(second))
            let otherID = try #require(other.json["event_id"]?.stringValue)
            let newest = try await console.get("/console/events?source=findyourwork&limit=1")
            #expect(newest.html.contains("/console/events/\(otherID)") && !newest.html.contains("/console/events/\(id)\""), "one a page, newest first")
            #expect(newest.html.contains(#"<a href="/console/events?source=findyourwork&amp;limit=1&amp;cursor=\#(otherID)">Older</a>"#))
            let older = try await console.get("/console/events?source=findyourwork&limit=1&cursor=\(otherID)")
            #expect(older.html.contains("/console/events/\(id)\""))
            #expect(older.html.contains(#"<a href="/console/events?source=findyourwork&amp;limit=1">Newest</a>"#))
            let detail = try await console.get("/console/events/\(id)")
            #expect(detail.html.contains("service.booked_for_event"))
            #expect(detail.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!detail.html.contains("<script>"))
            #expect(detail.html.contains("What each pack did"))
        }
    }

    @Test("refund from the payment page: once per form, bad amounts answered on the page")
    func refund() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            let created = try await client.send(.post, "/payments", #"{"amount":"20.00","currency":"USD","description":"Cena"}"#)
            let id = try #require(created.json["id"]?.stringValue)
            let console = try await ConsoleClient.signIn(client)
            let page = try await console.get("/console/payments/\(id)")
            #expect(page.html.contains(#"id="payment-status" class="status status-succeeded">succeeded<"#))
            let bad = try await console.post("/console/payments/\(id)/refund", ["amount": "abc", "idempotency_key": "k1"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("class=\"error\""))
            for _ in 1...2 {
                let done = try await console.post("/console/payments/\(id)/refund", ["amount": "5.00", "idempotency_key": "k2"])
                #expect(done.status == .seeOther)
                #expect(done.headers[.location] == "/console/payments/\(id)?notice=refunded")
            }
            let read = try await client.send(.get, "/payments/\(id)").json
            #expect(read["refunds"]?.arrayValue?.count == 1, "the repeated form refunded once")
            #expect(read["refunded_minor"]?.int64Value == 500, "\(read)")
            #expect(try await console.get("/console/payments/\(id)").html.contains(#"<span id="payment-refunded">5.00 USD</span>"#))
        }
    }

    @Test("rotate a secret, send a test event from the catalog, retry a dead delivery until it is delivered")
    func partnerAndDeliveryActions() async throws {
        // The first attempt fails (one attempt: dead), every later one succeeds.
        let receiver = WebhookReceiver { number in .init(status: number < 1 ? .internalServerError : .ok) }
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml)
            try await host.application.test(.router) { client in
                let registered = try await client.send(
                    .post, "/partners/register", #"{"name":"<script>alert(1)</script>","partner_id":"bistro","webhook_url":"\#(url)"}"#)
                #expect(registered.status == .created)
                let console = try await ConsoleClient.signIn(client)
                let partnerPage = try await console.get("/console/partners/bistro")
                #expect(partnerPage.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!partnerPage.html.contains("<script>"))
                let rotated = try await console.post("/console/partners/bistro/rotate-secret", [:])
                #expect(rotated.status == .ok)
                #expect(rotated.html.contains(#"<code id="new-secret">"#))
                #expect(try await client.send(.get, "/partners/bistro").json["previous_secret_expires_at"]?.stringValue != nil)

                let sent = try await console.post("/console/partners/bistro/test-event", ["event_type": "payment.succeeded"])
                #expect(sent.status == .seeOther)
                let location = try #require(sent.headers[.location])
                let deliveryID = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))
                #expect(try await eventually { try await client.send(.get, "/deliveries/\(deliveryID)").json["status"]?.stringValue == "dead" })
                let dead = try await console.get("/console/deliveries/\(deliveryID)")
                #expect(dead.html.contains(#"id="delivery-status" class="status status-dead">dead<"#))
                #expect(dead.html.contains("<td>500</td>"))
                let retried = try await console.post("/console/deliveries/\(deliveryID)/retry", [:])
                #expect(retried.headers[.location] == "/console/deliveries/\(deliveryID)?notice=retried")
                #expect(try await eventually { try await client.send(.get, "/deliveries/\(deliveryID)").json["status"]?.stringValue == "delivered" })
                #expect(try await console.post("/console/deliveries/\(deliveryID)/retry", [:]).status == .conflict)
                #expect(try await console.post("/console/partners/bistro/test-event", ["event_type": "no.such.type"]).status == .unprocessableContent)
            }
        }
    }

    @Test("retry failed: every dead delivery of a partner since a time; bad times refused")
    func retryFailed() async throws {
        // The partner is down (500) for the first three attempts, then back.
        let receiver = WebhookReceiver { number in .init(status: number < 3 ? .internalServerError : .ok) }
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml)
            try await host.application.test(.router) { client in
                #expect(try await client.send(.post, "/partners/register", #"{"name":"Down","webhook_url":"\#(url)"}"#).status == .created)
                var ids: [String] = []
                for number in 1...3 {
                    let sent = try await client.send(.post, "/partners/down/events", #"{"event_type":"order.created","data":{"n":\#(number)}}"#)
                    ids.append(try #require(sent.json["delivery_id"]?.stringValue))
                }
                #expect(try await eventually { try await client.send(.get, "/deliveries?partner_id=down&status=dead").json["data"]?.arrayValue?.count == 3 })
                let console = try await ConsoleClient.signIn(client)
                for since in ["yesterday", ""] {
                    #expect(try await console.post("/console/deliveries/retry-failed", ["partner_id": "down", "since": since]).status == .unprocessableContent)
                }
                #expect(try await console.post("/console/deliveries/retry-failed", ["partner_id": "nobody", "since": "2026-01-01T00:00"]).status == .notFound)
                let future = String(ISOTimestamp.format(Date().addingTimeInterval(3600)).prefix(16))
                let none = try await console.post("/console/deliveries/retry-failed", ["partner_id": "down", "since": future])
                #expect(none.headers[.location] == "/console/deliveries?partner_id=down&notice=requeued&count=0", "none created since then")
                let since = String(ISOTimestamp.format(Date().addingTimeInterval(-3600)).prefix(16))
                let done = try await console.post("/console/deliveries/retry-failed", ["partner_id": "down", "since": since])
                #expect(done.headers[.location] == "/console/deliveries?partner_id=down&notice=requeued&count=3")
                #expect(try await eventually {
                    try await ids.asyncAllSatisfy { try await client.send(.get, "/deliveries/\($0)").json["status"]?.stringValue == "delivered" }
                })
                #expect(try await console.get("/console/deliveries?partner_id=down&notice=requeued&count=3").html.contains("3 failed deliveries queued"))
                // Newest first, two a page: the third delivery is on the older page.
                let page = try await console.get("/console/deliveries?partner_id=down&limit=2")
                #expect(page.html.contains(#"<a href="/console/deliveries?partner_id=down&amp;limit=2&amp;cursor=\#(ids[1])">Older</a>"#))
                let olderPage = try await console.get("/console/deliveries?partner_id=down&limit=2&cursor=\(ids[1])")
                #expect(olderPage.html.contains("/console/deliveries/\(ids[0])\"") && !olderPage.html.contains("/console/deliveries/\(ids[2])\""))
            }
        }
    }

    @Test("lists filter and page; bad filters and unknown ids answer 4xx pages with the console's headers")
    func listsAndErrors() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            for number in 1...3 {
                #expect(try await client.send(.post, "/payments", #"{"amount":"\#(number).00","currency":"USD"}"#).status == .created)
            }
            let console = try await ConsoleClient.signIn(client)
            let first = try await console.get("/console/payments?limit=2&status=succeeded")
            #expect(first.html.components(separatedBy: "href=\"/console/payments/pay_").count - 1 == 2)
            let older = try #require(first.html.range(of: #"<a href="/console/payments\?status=succeeded&amp;limit=2&amp;cursor=pay_[^"]+">Older</a>"#, options: .regularExpression))
            #expect(!older.isEmpty)
            for (path, status) in [
                ("/console/payments?status=bogus", HTTPResponse.Status.unprocessableContent), ("/console/deliveries?status=bogus", .unprocessableContent),
                ("/console/deliveries/dlv_nope", .notFound), ("/console/payments/pay_nope", .notFound), ("/console/events/evt_nope", .notFound),
                ("/console/partners/nobody", .notFound),
            ] {
                let page = try await console.get(path)
                #expect(page.status == status, "\(path)")
                #expect(page.headers[HTTPField.Name("Content-Security-Policy")!] != nil, "\(path)")
                #expect(page.html.contains("<nav>"), "\(path): the navigation stays")
            }
            for path in ["/console/events", "/console/event-types", "/console/partners", "/console/deliveries"] {
                #expect(try await console.get(path).status == .ok, "\(path)")
            }
            #expect(try await console.get("/console/event-types").html.contains("payment.succeeded"))
            let partners = try await console.get("/console/partners?limit=1")
            #expect(partners.html.contains(#"<a href="/console/partners?limit=1&amp;cursor=acme">Next</a>"#))
            #expect(try await console.get("/console/partners?limit=1&cursor=acme").html.contains("/console/partners/findyourwork"))
        }
    }
}

/// A console session through the router: its cookie, and pages and posts made with it.
struct ConsoleClient {
    let client: any TestClientProtocol
    let cookie: String
    var setCookie = ""

    static func signIn(_ client: any TestClientProtocol) async throws -> ConsoleClient {
        let answer = try await post(client, "/console/sign-in", ["token": TestHost.adminToken], cookie: nil)
        #expect(answer.status == .seeOther)
        let header = try #require(answer.headers[.setCookie])
        let pair = try #require(header.split(separator: ";").first.map(String.init))
        var console = ConsoleClient(client: client, cookie: pair)
        console.setCookie = header
        return console
    }

    func get(_ path: String) async throws -> (status: HTTPResponse.Status, html: String, headers: HTTPFields) {
        let response = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body), response.headers)
    }

    /// Posts `fields`, with the session's CSRF token (read from the console) unless `csrf` is `false`.
    func post(_ path: String, _ fields: [String: String], csrf: Bool = true) async throws -> (status: HTTPResponse.Status, html: String, headers: HTTPFields) {
        var fields = fields
        if csrf { fields["csrf_token"] = try await csrfToken(on: "/console/partners") }
        return try await Self.post(client, path, fields, cookie: cookie)
    }

    /// The CSRF token in the forms of `path`.
    func csrfToken(on path: String) async throws -> String {
        let html = try await get(path).html
        let range = try #require(html.range(of: #"name="csrf_token" value="[0-9a-f]{64}""#, options: .regularExpression))
        return String(html[range].dropLast().suffix(64))
    }

    static func post(
        _ client: any TestClientProtocol, _ path: String, _ fields: [String: String], cookie: String?
    ) async throws -> (status: HTTPResponse.Status, html: String, headers: HTTPFields) {
        let body = fields.map { "\(Markup.encoded($0))=\(Markup.encoded($1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response.status, String(buffer: response.body), response.headers)
    }
}

extension Array where Element: Sendable {
    func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where !(try await predicate(element)) { return false }
        return true
    }
}
