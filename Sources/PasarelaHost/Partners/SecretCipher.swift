import Crypto
import Foundation

/// Encrypts partner secrets at rest (AES-256-GCM) with a key derived from `secrets.key`.
///
/// Stored form: `enc:v1:` and the base64 of nonce, ciphertext and tag. Values without the prefix
/// are read as plain text, so encryption can be turned on for an existing database; they are
/// encrypted the next time they are written.
struct SecretCipher: Sendable {
    static let prefix = "enc:v1:"
    private let key: SymmetricKey

    init(passphrase: String) {
        key = SymmetricKey(data: SHA256.hash(data: Array(passphrase.utf8)))
    }

    func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Array(secret.utf8), using: key).combined else {
            throw StorageError.corrupt("sealed secret")
        }
        return Self.prefix + combined.base64EncodedString()
    }

    func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let combined = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let plain = try? AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key)
        else {
            throw ConfigurationError(key: "secrets.key", "cannot decrypt stored partner secrets: is secrets.key the one they were written with?")
        }
        return String(decoding: plain, as: UTF8.self)
    }
}
