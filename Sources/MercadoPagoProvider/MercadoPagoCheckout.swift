import Foundation
import PasarelaKit

/// Checkout Pro: the preference a hosted checkout opens, and how MercadoPago's words about it
/// read. A payment opened this way has the preference's id (`<collector id>-<uuid>`) until the
/// buyer pays; from then on it has the MercadoPago payment's id (all digits), which refunds name.
enum MercadoPagoCheckout {
    /// The topics of merchant-order notifications: `merchant_order` (IPN, and webhooks set on a
    /// preference) and `topic_merchant_order_wh` (webhooks set up in "Your integrations").
    static let merchantOrderTopics: Set<String> = ["merchant_order", "topic_merchant_order_wh"]

    /// Whether `providerPaymentID` names a preference rather than a payment (payment ids are all digits).
    static func isPreference(_ providerPaymentID: String) -> Bool {
        !providerPaymentID.isEmpty && !providerPaymentID.allSatisfy(isDigit)
    }

    /// Whether a notification is about a merchant order, by its query's `topic` or `type`, else
    /// its body's.
    static func isMerchantOrderNotification(_ request: ProviderWebhookRequest, body: JSONValue) -> Bool {
        let topic = request.query["topic"] ?? request.query["type"] ?? body["topic"]?.stringValue ?? body["type"]?.stringValue
        return topic.map(merchantOrderTopics.contains) ?? false
    }

    /// The body of `POST /checkout/preferences` for `request`: one item per line item (or one for
    /// the whole amount), return URLs, `external_reference` = the Pasarela payment id, and an
    /// expiry. Amounts in exact major units; a currency MercadoPago does not charge in is a 422.
    static func preference(for request: CheckoutRequest, notificationURL: String) throws(PasarelaError) -> JSONValue {
        var items: [JSONValue] = []
        for item in request.itemsOrWholeAmount {
            items.append(
                .object([
                    "title": .string(item.name), "quantity": .number(String(item.quantity)),
                    "unit_price": try MercadoPagoAmount.json(item.unitAmount), "currency_id": .string(item.unitAmount.currency.code),
                ]))
        }
        var body: [String: JSONValue] = [
            "items": .array(items),
            // A payment still pending (a cash voucher, say) goes back to the shop like a paid one.
            "back_urls": .object([
                "success": .string(request.successURL), "pending": .string(request.successURL), "failure": .string(request.cancelURL),
            ]),
            "auto_return": .string("approved"),
            "external_reference": .string(request.paymentID),
            "notification_url": .string(notificationURL),
            "expires": .bool(true),
            "expiration_date_to": .string(timestamp(request.expiresAt)),
            "metadata": MercadoPagoPaymentProvider.metadata(request.metadata, paymentID: request.paymentID),
        ]
        if let email = request.customer?.email { body["payer"] = .object(["email": .string(email)]) }
        return .object(body)
    }

    /// What a checkout nobody has paid is: `requires_action` (`open`), or `canceled` (`expired`)
    /// from its expiry on.
    static func unpaid(_ record: MercadoPagoCheckoutRecord, now: Date) -> ProviderPayment {
        now >= record.expiresAt
            ? ProviderPayment(providerPaymentID: record.preferenceID, status: .canceled, providerStatus: "expired")
            : ProviderPayment(providerPaymentID: record.preferenceID, status: .requiresAction, providerStatus: "open")
    }

    /// The path of `GET /v1/payments/search` for the payments of `externalReference`, newest first.
    static func searchPath(externalReference: String) -> String {
        // RFC 3986's unreserved characters stay; everything else is percent-encoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        let escaped = externalReference.addingPercentEncoding(withAllowedCharacters: allowed) ?? externalReference
        return "/v1/payments/search?external_reference=\(escaped)&sort=date_created&criteria=desc"
    }

    /// `date` as preferences take it: ISO 8601 with milliseconds and an offset
    /// (`2026-12-06T12:00:00.000+00:00`).
    static func timestamp(_ date: Date) -> String {
        // ISOTimestamp writes `2026-12-06T12:00:00.000000Z`: the first 23 characters end at the milliseconds.
        String(ISOTimestamp.format(date).prefix(23)) + "+00:00"
    }

    /// A time MercadoPago writes, with any offset (`2026-12-06T08:00:00.000-04:00`) or in UTC;
    /// `nil` when it is not one.
    static func date(_ text: String) -> Date? {
        if let utc = ISOTimestamp.parse(text) { return utc }
        let zone = Array(text.suffix(6))
        guard zone.count == 6, zone[0] == "+" || zone[0] == "-", zone[3] == ":",
            [zone[1], zone[2], zone[4], zone[5]].allSatisfy(isDigit),
            let hours = Int(String(zone[1...2])), let minutes = Int(String(zone[4...5])), hours < 24, minutes < 60,
            let local = ISOTimestamp.parse(String(text.dropLast(6)))
        else { return nil }
        let offset = TimeInterval(hours * 3_600 + minutes * 60)
        return local.addingTimeInterval(zone[0] == "+" ? -offset : offset)
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
