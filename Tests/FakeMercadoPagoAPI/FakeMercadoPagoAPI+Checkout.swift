import Foundation
import Hummingbird
import PasarelaKit
import Synchronization

/// Checkout Pro preferences (`/checkout/preferences`), the payment search (`/v1/payments/search`),
/// and the buyer's side of a preference, shaped as /work/shared/fixtures/mercadopago/README.md
/// describes MercadoPago's.
extension FakeMercadoPagoAPI {
    /// The account's collector id, the first part of every preference id.
    public static let collectorID = "123456789"

    /// Preference `id` as the fake holds it now.
    public func preference(_ id: String) -> JSONValue? {
        state.withLock { $0.preferences[id] }
    }

    /// Plays the buyer paying on preference `id`'s page: a payment of the preference's whole
    /// amount, with its `external_reference` and `metadata`, `approved` (`accredited`),
    /// `rejected` (`cc_rejected_other_reason`) or `in_process` (`pending_contingency`). Returns
    /// the payment's id; `nil` when the preference is unknown or has expired by `now`.
    @discardableResult
    public func pay(preference id: String, status: String = "approved", at now: Date = Date()) -> String? {
        let details = ["approved": "accredited", "rejected": "cc_rejected_other_reason", "in_process": "pending_contingency"]
        return state.withLock { state -> String? in
            guard let preference = state.preferences[id], let detail = details[status],
                let total = Self.totalMinor(of: preference["items"]?.arrayValue ?? [], currency: currency)
            else { return nil }
            if preference["expires"]?.boolValue == true,
                let end = preference["expiration_date_to"]?.stringValue.flatMap(Self.date), now >= end
            {
                return nil
            }
            let payment = newPayment(
                amount: Money(minor: total, currency: currency).decimalString, status: status, detail: detail,
                reference: preference["external_reference"] ?? .null, extra: ["metadata": preference["metadata"] ?? .object([:])],
                in: &state)
            return payment["id"]?.numberText
        }
    }

    func addCheckoutRoutes(to router: Router<BasicRequestContext>) {
        router.post("checkout/preferences") { request, _ in
            try await self.answer(request, path: "/checkout/preferences") { self.createPreference($0) }
        }
        router.get("checkout/preferences/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/checkout/preferences/\(id)") { _ in
                self.preference(id).map { (200, $0) } ?? Self.error(404, "preference not found")
            }
        }
        router.put("checkout/preferences/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/checkout/preferences/\(id)") { self.updatePreference(id, with: $0) }
        }
        // Before `v1/payments/:id` is registered, so that `search` is not taken for an id.
        router.get("v1/payments/search") { request, _ in
            let query = request.uri.queryParameters
            let reference = query.get("external_reference")
            let sort = query.get("sort")
            let criteria = query.get("criteria")
            return try await self.answer(request, path: "/v1/payments/search") { _ in
                self.search(externalReference: reference, sort: sort, criteria: criteria)
            }
        }
    }

    private func createPreference(_ body: JSONValue?) -> (Int, JSONValue) {
        guard case .object(var preference)? = body else { return Self.error(400, "the body must be a JSON object") }
        if let problem = Self.problem(with: preference, currency: currency) { return Self.error(400, problem) }
        let id = "\(Self.collectorID)-\(UUID().uuidString.lowercased())"
        preference["id"] = .string(id)
        preference["init_point"] = .string("https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=\(id)")
        preference["sandbox_init_point"] = .string("https://sandbox.mercadopago.com.ar/checkout/v1/redirect?pref_id=\(id)")
        preference["date_created"] = .string("2026-01-01T00:00:00.000-04:00")
        preference["collector_id"] = .number(Self.collectorID)
        preference["client_id"] = .string("6295877106812064")
        preference["operation_type"] = .string("regular_payment")
        state.withLock { $0.preferences[id] = .object(preference) }
        return (201, .object(preference))
    }

    private func updatePreference(_ id: String, with body: JSONValue?) -> (Int, JSONValue) {
        guard let changes = body?.objectValue else { return Self.error(400, "the body must be a JSON object") }
        if let end = changes["expiration_date_to"], end.stringValue.flatMap(Self.date) == nil {
            return Self.error(400, "expiration_date_to must be an ISO 8601 date")
        }
        return state.withLock { state in
            guard case .object(let preference)? = state.preferences[id] else { return Self.error(404, "preference not found") }
            let updated = JSONValue.object(preference.merging(changes) { $1 })
            state.preferences[id] = updated
            return (200, updated)
        }
    }

    private func search(externalReference: String?, sort: String?, criteria: String?) -> (Int, JSONValue) {
        guard sort == nil || sort == "date_created" else { return Self.error(400, "Invalid sort value") }
        guard criteria == nil || criteria == "asc" || criteria == "desc" else { return Self.error(400, "Invalid criteria value") }
        let payments = state.withLock { Array($0.payments.values) }
            .filter { externalReference == nil || $0["external_reference"]?.stringValue == externalReference }
            // Ids grow with creation: they order payments as date_created would.
            .sorted { (Int64($0["id"]?.numberText ?? "") ?? 0) < (Int64($1["id"]?.numberText ?? "") ?? 0) }
        let results = criteria == "asc" ? payments : payments.reversed()
        let paging: JSONValue = .object([
            "total": .number(String(results.count)), "limit": .number("30"), "offset": .number("0"),
        ])
        return (200, .object(["paging": paging, "results": .array(results)]))
    }

    /// Why MercadoPago would refuse `preference`, or `nil`.
    private static func problem(with preference: [String: JSONValue], currency: Currency) -> String? {
        guard let items = preference["items"]?.arrayValue, !items.isEmpty else { return "items must be a non-empty array" }
        for item in items {
            guard item["title"]?.stringValue?.isEmpty == false else { return "items.title is required" }
            guard let quantity = item["quantity"]?.int64Value, quantity >= 1 else { return "items.quantity must be a positive integer" }
            guard item["currency_id"]?.stringValue == currency.code else { return "items.currency_id must be \(currency.code)" }
            guard let price = item["unit_price"]?.numberText, let unit = try? Money(decimal: price, currency: currency), unit.minor > 0
            else { return "items.unit_price must be a positive amount in \(currency.code)" }
        }
        guard totalMinor(of: items, currency: currency) != nil else { return "the items' total is too large" }
        if let urls = preference["back_urls"] {
            guard let members = urls.objectValue, members.values.allSatisfy({ $0.stringValue != nil }) else {
                return "back_urls must be an object of URLs"
            }
        }
        if let mode = preference["auto_return"] {
            guard mode == .string("approved") || mode == .string("all") else { return "auto_return must be approved or all" }
            guard preference["back_urls"]?["success"]?.stringValue?.isEmpty == false else {
                return "auto_return invalid. back_url.success must be defined"
            }
        }
        if let end = preference["expiration_date_to"], end.stringValue.flatMap(Self.date) == nil {
            return "expiration_date_to must be an ISO 8601 date"
        }
        return nil
    }

    /// An ISO 8601 time with any offset, as preferences carry them (`2026-05-06T19:00:00.000-04:00`).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// The sum of `items`' `quantity` × `unit_price`, in minor units; `nil` when an item is not
    /// well formed or the sum overflows.
    private static func totalMinor(of items: [JSONValue], currency: Currency) -> Int64? {
        var total: Int64 = 0
        for item in items {
            guard let quantity = item["quantity"]?.int64Value,
                let unit = try? Money(decimal: item["unit_price"]?.numberText ?? "", currency: currency)
            else { return nil }
            let (line, overflow) = unit.minor.multipliedReportingOverflow(by: quantity)
            let (sum, overflowed) = total.addingReportingOverflow(line)
            guard !overflow, !overflowed else { return nil }
            total = sum
        }
        return total
    }
}
