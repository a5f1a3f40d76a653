import Hummingbird
import Logging
import PasarelaKit

/// The baseline `pasarela bench` is compared with: a bare Hummingbird route that reads the body,
/// computes one HMAC-SHA256 and answers 200 — no verification, storage or JSON.
public enum BareReceiver {
    /// Serves `POST /` (any path) on `host:port` until the process is stopped.
    public static func run(host: String, port: Int, secret: String) async throws {
        let key = Array(secret.utf8)
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let mac = HMACSHA256.mac(key: key, message: body.readableBytesView)
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: mac.prefix(4))))
        }
        router.post("/", use: handler)
        router.post("**", use: handler)
        var logger = Logger(label: "bare-receiver")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        try await app.runService()
    }
}
