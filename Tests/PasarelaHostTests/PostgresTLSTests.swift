import Foundation
import Logging
@testable import PasarelaHost
import Testing

/// `sslmode` in a PostgreSQL `storage.url`: what each mode asks of the connection.
@Suite("PostgreSQL TLS modes")
struct PostgresTLSTests {
    @Test("sslmode=require against a server without TLS stops the start with a clear error", .enabled(if: PostgresTestDatabase.isAvailable))
    func requireWithoutTLS() async throws {
        let base = try #require(PostgresTestDatabase.url)
        let url = base + (base.contains("?") ? "&" : "?") + "sslmode=require"
        let location = try PostgresLocation(url: url)
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await StorageFactory.open(url: url, logger: PostgresTestDatabase.logger)
        }
        #expect(error?.key == "storage.url")
        #expect(error?.description.contains("the server does not support TLS") == true, "\(error?.description ?? "")")
        if let password = location.password { #expect(error?.description.contains(password) == false) }
    }
}
