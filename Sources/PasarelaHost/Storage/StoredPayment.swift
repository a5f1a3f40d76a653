import Foundation
import PasarelaKit

/// How every storage backend writes a payment's fields as text, and reads them back.
enum StoredPayment {
    /// A stored status, or ``StorageError/corrupt(_:)``.
    static func status(_ text: String) throws -> PaymentStatus {
        try PaymentStatus.stored(text, "payment status")
    }

    /// The metadata as JSON with sorted keys.
    static func metadataText(_ metadata: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }
}
