import Foundation
import PasarelaKit

/// Hosted checkout with Checkout Pro: a preference per payment, whose id the payment has until a
/// MercadoPago payment is made on it. A rejected card does not end the checkout (the buyer may
/// try again on the same preference); any other outcome is the payment's.
extension MercadoPagoPaymentProvider {
    /// Opens a Checkout Pro preference (`POST /checkout/preferences`); the buyer goes to its
    /// `init_point`, or its `sandbox_init_point` on a `sandbox` instance.
    func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
        try checkAccountCurrency(request.amount)
        let body = try MercadoPagoCheckout.preference(for: request, notificationURL: configuration.notificationURL ?? request.webhookURL)
        let preference = try await call("POST", "/checkout/preferences", body: body, idempotencyKey: request.idempotencyKey)
        let link = configuration.sandbox ? "sandbox_init_point" : "init_point"
        guard let id = preference["id"]?.stringValue, MercadoPagoCheckout.isPreference(id), (try? pathSegment(id)) != nil,
            let url = preference[link]?.stringValue
        else {
            throw PasarelaError.providerUnavailable(
                "MercadoPago answered POST /checkout/preferences without an id or \(link)", retryable: false)
        }
        // A retried call is answered the preference made the first time: its reference and expiry hold.
        let paymentID = preference["external_reference"]?.stringValue ?? request.paymentID
        let expiresAt = preference["expiration_date_to"]?.stringValue.flatMap(MercadoPagoCheckout.date) ?? request.expiresAt
        if try await checkoutRecord(paymentID: paymentID)?.preferenceID != id {
            try await save(MercadoPagoCheckoutRecord(preferenceID: id, paymentID: paymentID, expiresAt: expiresAt))
        }
        return HostedCheckout(
            payment: ProviderPayment(providerPaymentID: id, status: .requiresAction, providerStatus: "open", amount: request.amount),
            url: url, expiresAt: expiresAt)
    }

    /// What MercadoPago payment `payment` (mapped as any payment is, `state`) means for its
    /// Pasarela payment when it was made on a preference this module opened: a rejected attempt
    /// leaves the checkout open under the preference's id, or, once another payment of the checkout
    /// was reported, means nothing (`nil`); anything else is the payment, whose id replaces the
    /// preference's. `state` itself for every other payment.
    func checkoutState(_ state: ProviderPayment, of payment: JSONValue) async throws -> ProviderPayment? {
        guard let reference = payment["external_reference"]?.stringValue, var record = try await checkoutRecord(paymentID: reference) else {
            return state
        }
        let reported = record.reportedPaymentIDs.contains(state.providerPaymentID)
        if state.providerStatus == "rejected", !reported {
            guard record.reportedPaymentIDs.isEmpty else { return nil }
            return ProviderPayment(
                providerPaymentID: record.preferenceID, status: .requiresAction, providerStatus: "open", amount: state.amount)
        }
        if !reported {
            let first = record.reportedPaymentIDs.isEmpty
            record.reportedPaymentIDs.append(state.providerPaymentID)
            try await save(record)
            if first { await closeAfterPayment(record) }
        }
        var switched = state
        switched.replacesProviderPaymentID = record.preferenceID
        return switched
    }

    /// Reads a checkout still known by its preference's id: its newest payment that is not a
    /// rejected attempt, else the preference, open or (from its expiry on) expired.
    func fetchCheckout(preferenceID: String) async throws -> ProviderPayment {
        try await read(try await checkoutRecord(preferenceID: preferenceID))
    }

    /// Ends an open checkout: the preference's `expiration_date_to` becomes now, so its link stops
    /// taking payments; then reads it, so that a payment made just before is not lost.
    func cancelCheckout(_ request: CancelRequest) async throws -> ProviderPayment {
        let id = try pathSegment(request.payment.providerPaymentID)
        var record = try await checkoutRecord(preferenceID: id)
        let now = context.clock.now()
        try await expirePreference(id, at: now, idempotencyKey: request.idempotencyKey)
        if now < record.expiresAt {
            record.expiresAt = now
            try await save(record)
        }
        return try await read(record)
    }

    /// Sets preference `id`'s `expiration_date_to` to `now` (`PUT /checkout/preferences/{id}`):
    /// its link takes no more payments.
    private func expirePreference(_ id: String, at now: Date, idempotencyKey: String, via client: ProviderAPIClient? = nil) async throws {
        _ = try await call(
            "PUT", "/checkout/preferences/\(try pathSegment(id))",
            body: .object(["expires": .bool(true), "expiration_date_to": .string(MercadoPagoCheckout.timestamp(now))]),
            idempotencyKey: idempotencyKey, via: client, timeout: client == nil ? nil : Self.notificationFetchDeadline)
    }

    /// Closes `record`'s preference once a payment has been made on it, so that the buyer cannot
    /// pay a second time on the same link; a failure is logged, not thrown (the payment counts).
    private func closeAfterPayment(_ record: MercadoPagoCheckoutRecord) async {
        do {
            try await expirePreference(
                record.preferenceID, at: context.clock.now(), idempotencyKey: "close-\(record.preferenceID)", via: notificationClient)
        } catch {
            context.logger.warning(
                "could not close a paid checkout's preference; a second payment on it would need a refund",
                metadata: ["preference": "\(record.preferenceID)", "error": "\(error)"])
        }
    }

    /// The checkout of `record` as MercadoPago has it now (`GET /v1/payments/search`).
    private func read(_ record: MercadoPagoCheckoutRecord) async throws -> ProviderPayment {
        let found = try await call("GET", MercadoPagoCheckout.searchPath(externalReference: record.paymentID))
        guard let results = found["results"]?.arrayValue else {
            throw PasarelaError.providerUnavailable("MercadoPago answered a payment search without results")
        }
        // Newest first: an approved payment of this checkout, else the newest that is not a rejected attempt.
        let made = results.filter { result in
            result["external_reference"]?.stringValue == record.paymentID && result["status"]?.stringValue != "rejected"
        }
        let latest = made.first { $0["status"]?.stringValue == "approved" } ?? made.first
        let unpaid = MercadoPagoCheckout.unpaid(record, now: context.clock.now())
        guard let latest else { return unpaid }
        return try await checkoutState(try providerPayment(from: latest, currency: nil), of: latest) ?? unpaid
    }

    /// The checkout of Pasarela payment `paymentID`, if this module opened one.
    private func checkoutRecord(paymentID: String) async throws -> MercadoPagoCheckoutRecord? {
        try await context.store.load(MercadoPagoCheckoutRecord.self, forKey: MercadoPagoCheckoutRecord.key(paymentID: paymentID))
    }

    /// The checkout of preference `id`: from the module's store, else (a store that lost it) from
    /// the preference itself (`GET /checkout/preferences/{id}`), kept from then on.
    private func checkoutRecord(preferenceID id: String) async throws -> MercadoPagoCheckoutRecord {
        if let paymentID = try await context.store.load(String.self, forKey: MercadoPagoCheckoutRecord.key(preferenceID: id)),
            let record = try await checkoutRecord(paymentID: paymentID), record.preferenceID == id
        {
            return record
        }
        let preference = try await call("GET", "/checkout/preferences/\(try pathSegment(id))")
        guard let paymentID = preference["external_reference"]?.stringValue,
            let expiresAt = preference["expiration_date_to"]?.stringValue.flatMap(MercadoPagoCheckout.date)
        else {
            throw PasarelaError.providerUnavailable(
                "MercadoPago answered GET /checkout/preferences/\(id) without external_reference or expiration_date_to", retryable: false)
        }
        let record = MercadoPagoCheckoutRecord(preferenceID: id, paymentID: paymentID, expiresAt: expiresAt)
        try await save(record)
        return record
    }

    /// Keeps `record` under both its keys.
    private func save(_ record: MercadoPagoCheckoutRecord) async throws {
        try await context.store.save(record, forKey: MercadoPagoCheckoutRecord.key(paymentID: record.paymentID))
        try await context.store.save(record.paymentID, forKey: MercadoPagoCheckoutRecord.key(preferenceID: record.preferenceID))
    }
}
