import Foundation
import PasarelaKit

/// How every storage backend writes a payment's fields as text, and reads them back.
enum StoredPayment {
    /// A stored status, or ``StorageError/corrupt(_:)``.
    static func status(_ text: String) throws -> PaymentStatus {
        try PaymentStatus.stored(text, "payment status")
    }

    /// The next action from its four columns (all null when there is none).
    static func nextAction(type: String?, url: String?, expiresAt: Int64?, clientSecret: String?) -> NextAction? {
        guard let type else { return nil }
        return NextAction(
            type: NextActionType(rawValue: type), url: url, expiresAt: expiresAt.map(StoredTime.date), clientSecret: clientSecret)
    }

    /// The next action's four columns: type, url, expiry (microseconds), client secret.
    static func nextActionColumns(_ action: NextAction?) -> (type: String?, url: String?, expiresAt: Int64?, clientSecret: String?) {
        (action?.type.rawValue, action?.url, action?.expiresAt.map(StoredTime.micros), action?.clientSecret)
    }

    /// The metadata as JSON with sorted keys.
    static func metadataText(_ metadata: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }
}
