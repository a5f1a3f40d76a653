import Crypto
import CryptoExtras
import Foundation

/// Encrypts partner secrets at rest (AES-256-GCM) with a key derived from `secrets.key`.
///
/// The key is PBKDF2-HMAC-SHA256 of the passphrase over ``rounds`` rounds, salted with 32 random
/// bytes kept in the settings table (``saltSetting``): made by the first host that needs it, shared
/// by every host of the database. Each ciphertext is bound to where it is stored (see ``Slot``), so
/// a sealed value copied to another partner's row, or another column, does not open.
///
/// Stored form: ``prefix`` and the base64 of nonce, ciphertext and tag. The previous version's
/// form, ``legacyPrefix`` (an unsalted SHA-256 key and no binding), and plain text (rows written
/// before a key was set) are still read; ``isCurrent(_:)`` tells which values to seal anew.
struct SecretCipher: Sendable {
    static let prefix = "enc:v2:"
    static let legacyPrefix = "enc:v1:"
    /// The settings-table entry holding the salt, in base64.
    static let saltSetting = "secrets_salt"
    /// PBKDF2 rounds: OWASP's figure for HMAC-SHA256, about a third of a second at each start.
    static let rounds = 600_000

    private let key: SymmetricKey
    private let legacyKey: SymmetricKey

    /// Where a sealed value is stored; its additional authenticated data.
    struct Slot: Sendable {
        var column: String
        var partnerID: String

        static func secret(of partnerID: String) -> Slot { Slot(column: "secret", partnerID: partnerID) }
        static func previousSecret(of partnerID: String) -> Slot { Slot(column: "previous_secret", partnerID: partnerID) }
        /// The value of delivery header `name`.
        static func header(_ name: String, of partnerID: String) -> Slot { Slot(column: "headers/\(name.lowercased())", partnerID: partnerID) }

        var authenticatedData: [UInt8] { Array("partners/\(column)/\(partnerID)".utf8) }
    }

    init(passphrase: String, salt: [UInt8]) throws {
        key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(passphrase.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: Self.rounds)
        legacyKey = SymmetricKey(data: SHA256.hash(data: Array(passphrase.utf8)))
    }

    /// The cipher for `passphrase` with the database's salt, which is made now if it has none.
    static func make(passphrase: String, storage: any ModuleStateStore) async throws -> SecretCipher {
        let candidate = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let stored = try await storage.insertSettingIfAbsent(saltSetting, value: candidate)
        guard let salt = Data(base64Encoded: stored), salt.count >= 16 else {
            throw ConfigurationError(key: "secrets.key", "the stored salt (setting \(saltSetting)) is not 16 or more base64 bytes")
        }
        return try SecretCipher(passphrase: passphrase, salt: Array(salt))
    }

    /// Whether `stored` is sealed, in any version's form.
    static func isSealed(_ stored: String) -> Bool {
        stored.hasPrefix(prefix) || stored.hasPrefix(legacyPrefix)
    }

    /// Whether `stored` is sealed in the current form.
    static func isCurrent(_ stored: String) -> Bool {
        stored.hasPrefix(prefix)
    }

    func seal(_ secret: String, in slot: Slot) throws -> String {
        let box = try AES.GCM.seal(Array(secret.utf8), using: key, authenticating: slot.authenticatedData)
        guard let combined = box.combined else { throw StorageError.corrupt("sealed secret") }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The secret `stored` in `slot`: opened if sealed, as it is if plain text.
    func open(_ stored: String, in slot: Slot) throws -> String {
        let plain: [UInt8]?
        if stored.hasPrefix(Self.prefix) {
            plain = Self.combined(stored.dropFirst(Self.prefix.count)).flatMap { box in
                try? Array(AES.GCM.open(box, using: key, authenticating: slot.authenticatedData))
            }
        } else if stored.hasPrefix(Self.legacyPrefix) {
            plain = Self.combined(stored.dropFirst(Self.legacyPrefix.count)).flatMap { box in try? Array(AES.GCM.open(box, using: legacyKey)) }
        } else {
            return stored
        }
        guard let plain else {
            throw ConfigurationError(
                key: "secrets.key",
                "cannot decrypt the stored \(slot.column) of partner \(slot.partnerID): is secrets.key the one it was written with, "
                    + "and is it in the row it was written to?")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    private static func combined(_ text: Substring) -> AES.GCM.SealedBox? {
        Data(base64Encoded: String(text)).flatMap { try? AES.GCM.SealedBox(combined: $0) }
    }
}
