import Foundation
import PostgresNIO
@testable import PasarelaHost
import Testing

/// How `sslmode` and `sslrootcert` in a PostgreSQL `storage.url` become TLS settings.
@Suite("PostgreSQL URL TLS settings")
struct PostgresLocationTLSTests {
    static let base = "postgres://app:hunter2@db.example:5432/pasarela"

    @Test(
        "each sslmode asks for TLS as libpq's does: none, unverified, or verified against the authorities (and the host name)",
        arguments: [
            ("", nil), ("?sslmode=disable", nil), ("?sslmode=prefer", CertificateVerification.none),
            ("?sslmode=require", CertificateVerification.none), ("?sslmode=verify-ca", .noHostnameVerification),
            ("?sslmode=verify-full", .fullVerification),
        ] as [(String, CertificateVerification?)])
    func modes(query: String, verification: CertificateVerification?) throws {
        let location = try PostgresLocation(url: Self.base + query)
        #expect(try location.tlsConfiguration()?.certificateVerification == verification)
        #expect(try location.tlsConfiguration()?.trustRoots == (verification == nil ? nil : .default))
    }

    @Test("sslrootcert replaces the system's authorities with the file's; an unreadable file is a clear error at start")
    func rootCertificate() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("root.pem").path
            try Self.certificate.write(toFile: file, atomically: true, encoding: .utf8)
            let location = try PostgresLocation(url: Self.base + "?sslmode=verify-full&sslrootcert=\(file)")
            #expect(try location.tlsConfiguration()?.trustRoots == .certificates(try NIOSSLCertificate.fromPEMFile(file)))
            let missing = try PostgresLocation(url: Self.base + "?sslmode=verify-full&sslrootcert=\(file).absent")
            let error = #expect(throws: ConfigurationError.self) { try missing.tlsConfiguration() }
            #expect(error?.key == "storage.url")
            #expect(error?.description.contains("sslrootcert") == true)
        }
    }

    @Test(
        "unknown sslmodes, and sslrootcert without verification, are configuration errors that name the key and hide the password",
        arguments: ["?sslmode=allow", "?sslmode=verify-everything", "?sslmode=", "?sslmode=require&sslrootcert=/etc/ca.pem", "?sslrootcert="])
    func refused(query: String) {
        let error = #expect(throws: ConfigurationError.self) { try StorageFactory.validate(url: Self.base + query) }
        #expect(error?.key == "storage.url")
        #expect(error?.description.contains("ssl") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("hunter2") == false)
    }

    /// A self-signed certificate authority, for reading only.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBizCCATGgAwIBAgIUTYUYXpd1700r9y0isff7CXJYwd4wCgYIKoZIzj0EAwIw
        GzEZMBcGA1UEAwwQcGFzYXJlbGEtdGVzdC1jYTAeFw0yNjEyMDQxNjQwMDJaFw0z
        NjEyMDExNjQwMDJaMBsxGTAXBgNVBAMMEHBhc2FyZWxhLXRlc3QtY2EwWTATBgcq
        hkjOPQIBBggqhkjOPQMBBwNCAATOoWwMdcPV5awdFrHenJ3rloZcwVPfyB0jQ9rp
        50Yb+U3jwGgxGFGHxwWmnCz44JqpXZ57LA9MSiBhCFLtPGtNo1MwUTAdBgNVHQ4E
        FgQUO9RA70vVhITNWk5uJP5zPCmDwLQwHwYDVR0jBBgwFoAUO9RA70vVhITNWk5u
        JP5zPCmDwLQwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiAvplAc
        QhMklf3k83qqXkZGfgPtQ7pFds+kZ2sJrr30ogIhAK2zzfwvnpPWKFMqJTFSJwpq
        5iSN/3MD/XVCB1yKKgN2
        -----END CERTIFICATE-----

        """
}
