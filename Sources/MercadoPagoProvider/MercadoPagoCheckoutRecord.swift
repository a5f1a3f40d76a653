import Foundation

/// What the module keeps of a Checkout Pro preference it opened, in its instance's store: the
/// record under ``key(paymentID:)``, and the Pasarela payment id under ``key(preferenceID:)`` so
/// that a preference id finds it.
struct MercadoPagoCheckoutRecord: Codable, Sendable, Equatable {
    var preferenceID: String
    /// The Pasarela payment id, the preference's `external_reference`.
    var paymentID: String
    /// When the preference stops taking payments.
    var expiresAt: Date
    /// The MercadoPago payments this module has reported as the checkout's own (each replacing the
    /// preference's id): a later rejection of one of them fails the payment rather than leaving
    /// the checkout open.
    var reportedPaymentIDs: [String] = []

    /// Where the record of Pasarela payment `paymentID`'s checkout is kept.
    static func key(paymentID: String) -> String {
        "checkout/\(paymentID)"
    }

    /// Where the Pasarela payment id of preference `preferenceID` is kept.
    static func key(preferenceID: String) -> String {
        "preference/\(preferenceID)"
    }
}
