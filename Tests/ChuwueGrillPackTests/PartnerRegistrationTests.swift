import PasarelaKit
import PasarelaTesting
import Testing

@Suite("chuwue-grill: the partner's quick registration and status")
struct PartnerRegistrationTests {
    let registration = JSONValue.object([
        "webhook_url": .string("http://localhost:8010/webhooks/partner/"), "contact_email": .string("dev@findyourwork.com"),
    ])

    @Test("registering uses the shared_secret option and shows the credentials once")
    func registerWithSecret() async throws {
        let harness = try makeRestaurant(["shared_secret": .string("shared_secret_chuwue_findyourwork")], registered: false)
        let answer = try await harness.call(.post, "/partners/register/findyourwork", body: registration)
        #expect(answer.status == 201)
        #expect(answer.body["partner_id"] == .string("findyourwork"))
        #expect(answer.body["webhook_url"] == .string("http://localhost:8010/webhooks/partner/"))
        #expect(answer.body["scheme"] == .string("seed"))
        #expect(answer.body["shared_secret"] == .string("shared_secret_chuwue_findyourwork"))
        #expect(answer.body["api_key"] == .string("pak_test_findyourwork"))
        #expect(answer.body["message"]?.stringValue?.contains("not shown again") == true)
        let stored = try #require(harness.partners.registration("findyourwork"))
        #expect(stored.name == "FindyourWork")
        #expect(stored.contactEmail == "dev@findyourwork.com")
        #expect(stored.secret == "shared_secret_chuwue_findyourwork")
    }

    @Test("without shared_secret the host generates one; name and scheme may be given")
    func registerGeneratingSecret() async throws {
        let harness = try makeRestaurant(registered: false)
        let body = JSONValue.object([
            "webhook_url": .string("https://fyw.example/hooks"), "scheme": .string("standard"), "name": .string("FYW Marketplace"),
        ])
        let answer = try await harness.call(.post, "/partners/register/findyourwork", body: body)
        #expect(answer.body["shared_secret"] == .string("generated-secret-findyourwork"))
        #expect(answer.body["scheme"] == .string("standard"))
        #expect(harness.partners.registration("findyourwork")?.name == "FYW Marketplace")
    }

    @Test("the routes follow the partner_id option")
    func partnerIDOption() async throws {
        let harness = try makeRestaurant(["partner_id": .string("fyw-staging")], registered: false)
        let answer = try await harness.call(.post, "/partners/register/fyw-staging", body: registration)
        #expect(answer.body["partner_id"] == .string("fyw-staging"))
        await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/partners/register/findyourwork", body: registration) }
        #expect(try await harness.call(.get, "/partners/fyw-staging/status").body["registered"] == .bool(true))
    }

    @Test("registering twice is the host's 409")
    func registerTwice() async throws {
        let harness = try makeRestaurant(registered: false)
        _ = try await harness.call(.post, "/partners/register/findyourwork", body: registration)
        let error = await #expect(throws: PasarelaError.self) {
            try await harness.call(.post, "/partners/register/findyourwork", body: registration)
        }
        #expect(error?.code == .invalidState)
    }

    @Test(
        "a bad registration body is a 422 naming the field and registers nothing",
        arguments: [
            (#"{}"#, "webhook_url"), (#"{"webhook_url": "not a url"}"#, "webhook_url"), (#"{"webhook_url": "ftp://x.example/"}"#, "webhook_url"),
            (#"{"webhook_url": "https://x.example/", "scheme": "hmac"}"#, "scheme"),
            (#"{"webhook_url": "https://x.example/", "secret": "s"}"#, "secret"),
            (#"{"webhook_url": "https://x.example/", "contact_email": 5}"#, "contact_email"),
        ])
    func badRegistration(body: String, field: String) async throws {
        let harness = try makeRestaurant(registered: false)
        let error = await #expect(throws: PasarelaError.self) {
            try await harness.call(.post, "/partners/register/findyourwork", body: json(body))
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.hasPrefix(field) == true)
        #expect(harness.partners.registration("findyourwork") == nil)
    }

    @Test("the status is the host's partner status plus the integration's counts")
    func statusWhenRegistered() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        _ = try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["reservation_id": .string("RES-2"), "guests": .number("12")]))
        _ = try await harness.call(.post, "/reservations/RES-2/cancel", body: .object(["reason": .string("client")]))
        let status = try await harness.call(.get, "/partners/findyourwork/status")
        #expect(status.status == 200)
        #expect(
            status.body
                == .object([
                    "partner_id": .string("findyourwork"), "webhook_url": .string("https://partner.example/webhooks"), "scheme": .string("seed"),
                    "integration": .string("findyourwork"), "registered": .bool(true),
                    "reservations": .object(["forwarded": .number("1"), "held": .number("1"), "cancelled": .number("1")]),
                ]))
    }

    @Test("the status of an unregistered partner says so, with the counts")
    func statusWhenNotRegistered() async throws {
        let harness = try makeRestaurant(registered: false)
        let status = try await harness.call(.get, "/partners/findyourwork/status")
        #expect(
            status.body
                == .object([
                    "partner_id": .string("findyourwork"), "integration": .string("findyourwork"), "registered": .bool(false),
                    "reservations": .object(["forwarded": .number("0"), "held": .number("0"), "cancelled": .number("0")]),
                ]))
    }

    @Test("the status route also admits the partner's own API key")
    func statusAccess() throws {
        let harness = try makeRestaurant()
        let route = try #require(harness.pack.routes.first { $0.path == "/partners/findyourwork/status" })
        #expect(route.access == .adminOrPartner("findyourwork"))
        #expect(harness.pack.routes.filter { $0.access == .admin }.count == 5)
    }
}
