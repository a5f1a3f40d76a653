import PasarelaKit

/// A small pack for the host's own tests: it records `ledger.entry` events and successful
/// payments as documents, and emits `ledger.recorded` to the partner an entry names.
struct LedgerPack: EventHandlerPack {
    static let descriptor = ModuleDescriptor(
        name: "ledger", version: "1.0.0", summary: "Records entries (tests only)",
        options: [OptionSpec(name: "auditor", type: .string, defaultValue: .string("acme"))],
        factory: .pack { options, _ in LedgerPack(auditor: options.string("auditor") ?? "acme") })

    let auditor: String
    let subscriptions: Set<EventType> = ["ledger.entry", .paymentSucceeded]

    var routes: [PackRoute] {
        [
            .get("/ledger/entries") { _, session in
                .ok(.object(["data": .array(try await session.documents(withPrefix: "entry/").map(\.value))]))
            },
            .post("/ledger/entries") { request, session in
                let entry = try request.json()
                let reader = try FieldReader(entry, allowed: ["key", "notify", "fail"])
                let key = try reader.requiredString("key")
                session.setDocument(entry, forKey: "entry/\(key)")
                if let partner = try reader.optionalString("notify") {
                    session.emit("ledger.recorded", data: .object(["key": .string(key)]), to: partner)
                }
                if entry["fail"]?.boolValue == true { throw PasarelaError(.invalidRequest, "fail: asked to fail after writing") }
                return .created(entry)
            },
            .get("/ledger/payments/{payment_id}") { request, session in
                guard let document = try await session.document(forKey: "payment/\(try request.parameter("payment_id"))") else {
                    throw PasarelaError(.notFound, "no payment seen")
                }
                return .ok(document)
            },
            // Reads, waits, then writes: concurrent calls would lose updates if the host let them overlap.
            .post("/ledger/counter") { _, session in
                let count = (try await session.document(forKey: "counter")?.int64Value ?? 0) + 1
                try await Task.sleep(for: .milliseconds(5))
                session.setDocument(.number(String(count)), forKey: "counter")
                return .ok(.number(String(count)))
            },
            .get("/ledger/entries/{key}") { request, session in
                guard let entry = try await session.document(forKey: "entry/\(try request.parameter("key"))") else {
                    throw PasarelaError(.notFound, "no entry \(try request.parameter("key"))")
                }
                return .ok(entry)
            },
            .get("/partners/{partner}/ledger") { request, _ in
                .ok(.object(["partner": .string(try request.parameter("partner"))]))
            },
            .get("/ledger/audit/{partner}", access: .adminOrPartner(auditor)) { request, _ in
                .ok(.object(["partner": .string(try request.parameter("partner"))]))
            },
        ]
    }

    func handle(_ event: PackEvent, in session: PackSession) async throws {
        if let payment = event.payment {
            session.setDocument(
                .object([
                    "payment_id": .string(payment.id), "amount": .string(payment.amount.decimalString),
                    "reservation_id": payment.metadata["reservation_id"].map(JSONValue.string) ?? .null,
                    "source": .string("payments:\(payment.instance)"),
                ]), forKey: "payment/\(payment.id)")
            return
        }
        let key = event.data["key"]?.stringValue ?? event.id
        session.setDocument(event.data, forKey: "entry/\(key)")
        if let partner = event.data["notify"]?.stringValue {
            session.emit("ledger.recorded", data: .object(["key": .string(key), "from": .string(event.source.partnerID ?? "")]), to: partner)
        }
    }
}
