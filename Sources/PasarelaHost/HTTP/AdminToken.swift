import Crypto
import PasarelaKit

/// Where the admin token comes from: the configuration (or `PASARELA_ADMIN_TOKEN`), else one
/// generated at first start whose hash is kept in storage and which is shown once.
enum AdminToken {
    static let settingName = "admin_token_sha256"

    /// The token's hash, and the token itself when it was generated just now.
    static func resolve(configured: String?, storage: any ModuleStateStore) async throws -> (hash: [UInt8], generated: String?) {
        if let configured {
            return (Array(SHA256.hash(data: Array(configured.utf8))), nil)
        }
        if let stored = try await storage.setting(settingName) {
            guard let hash = hexBytes(stored) else {
                throw ConfigurationError(
                    key: "admin.token", "the stored admin token hash is unreadable; set admin.token or PASARELA_ADMIN_TOKEN")
            }
            return (hash, nil)
        }
        let token = "pst_" + Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).hexString
        let hash = Array(SHA256.hash(data: Array(token.utf8)))
        let kept = try await storage.insertSettingIfAbsent(settingName, value: hash.hexString)
        guard kept == hash.hexString else {
            // Another host sharing the database generated one first: use that one.
            guard let keptHash = hexBytes(kept) else {
                throw ConfigurationError(key: "admin.token", "the stored admin token hash is unreadable")
            }
            return (keptHash, nil)
        }
        return (hash, token)
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        guard text.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
