import Crypto
import Foundation
import PasarelaKit

/// A signed-in operator's console session.
struct ConsoleSession: Sendable {
    /// The random id the cookie carries; only its hash is stored.
    let id: String
    let expiresAt: Date

    /// The token every form of this session carries: an HMAC of the session id, so it needs no
    /// storage and another session's token never matches.
    var csrfToken: String {
        HMACSHA256.mac(key: Array(id.utf8), message: Array("pasarela console csrf".utf8)).hexString
    }

    /// Whether `token` is this session's CSRF token (compared in constant time).
    func accepts(csrfToken token: String?) -> Bool {
        guard let token else { return false }
        return HMACSHA256.constantTimeEquals(Array(token.utf8), Array(csrfToken.utf8))
    }
}

/// Console sessions, kept as host values in storage (``ModuleStateStore``) under an HMAC of their
/// id keyed by the admin token's hash: every host on one database knows them, signing out ends one
/// everywhere, and a new admin token ends them all (a leaked token's sessions die with it).
struct ConsoleSessions: Sendable {
    static let cookieName = "pasarela_console"
    /// How long a session lasts after sign-in.
    static let lifetime: TimeInterval = 8 * 3600
    private static let scope = "host.console"
    private static let keyPrefix = "session."

    let storage: any ModuleStateStore
    let clock: any WallClock
    /// SHA-256 of the admin token the sessions were opened with.
    let adminTokenHash: [UInt8]

    /// Starts a session, and removes the ones that have expired.
    func open() async throws -> ConsoleSession {
        let now = clock.now()
        for stored in try await storage.moduleValues(scope: Self.scope, keyPrefix: Self.keyPrefix)
        where Self.expiry(stored.value).map({ $0 <= now }) ?? true {
            try await storage.removeModuleValue(scope: Self.scope, key: stored.key)
        }
        let id = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.hexString
        let session = ConsoleSession(id: id, expiresAt: now.addingTimeInterval(Self.lifetime))
        let seconds = String(Int64(session.expiresAt.timeIntervalSince1970.rounded(.down)))
        try await storage.setModuleValue(Array(seconds.utf8), scope: Self.scope, key: key(id))
        return session
    }

    /// The live session whose id `cookie` holds, or `nil`.
    func session(cookie: String?) async throws -> ConsoleSession? {
        guard let cookie, cookie.count == 64, cookie.utf8.allSatisfy({ Self.isHexDigit($0) }) else { return nil }
        guard let stored = try await storage.moduleValue(scope: Self.scope, key: key(cookie)),
            let expiresAt = Self.expiry(stored), expiresAt > clock.now()
        else { return nil }
        return ConsoleSession(id: cookie, expiresAt: expiresAt)
    }

    /// Ends `session` on every host.
    func close(_ session: ConsoleSession) async throws {
        try await storage.removeModuleValue(scope: Self.scope, key: key(session.id))
    }

    private func key(_ id: String) -> String {
        Self.keyPrefix + HMACSHA256.mac(key: adminTokenHash, message: Array(id.utf8)).hexString
    }

    private static func expiry(_ value: [UInt8]) -> Date? {
        Int64(String(decoding: value, as: UTF8.self)).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
