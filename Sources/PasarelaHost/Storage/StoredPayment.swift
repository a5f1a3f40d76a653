import Foundation
import PasarelaKit

/// How every storage backend writes a payment's fields as text, and reads them back.
enum StoredPayment {
    /// A stored status, or ``StorageError/corrupt(_:)``.
    static func status(_ text: String) throws -> PaymentStatus {
        guard let status = PaymentStatus(rawValue: text) else { throw StorageError.corrupt("payment status \(text)") }
        return status
    }

    /// The metadata as JSON with sorted keys.
    static func metadataText(_ metadata: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }
}
