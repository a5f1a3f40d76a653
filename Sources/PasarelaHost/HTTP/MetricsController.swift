import Hummingbird
import PasarelaKit

/// `GET /metrics`: every metric of this host in Prometheus' text format. Open to everyone, like
/// the health routes; it carries counts, never secrets.
struct MetricsController: Sendable {
    static let contentType = "text/plain; version=0.0.4"
    /// How long a scrape waits for the outbox gauges' figures.
    static let storageTimeout: Duration = .seconds(2)

    let metrics: HostMetrics
    let storage: any PasarelaStorage
    let clock: any WallClock

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let documentation = RouteDocumentation(
            "Every metric of this host", responseDescription: "Prometheus' text format", contentType: Self.contentType)
        routes.tagged("Host").add(.get, "/metrics", id: "getMetrics", documentation) { _, context in
            let body: [UInt8]
            do {
                // A database that hangs must not hang the scrape (nor lose the counters with it).
                body = try await Deadline.wait(Self.storageTimeout) { [metrics, storage, clock] in
                    try await metrics.scrape(storage: storage, now: clock.now())
                }
            } catch {
                // The outbox gauges keep their last values; the counters are still worth reading.
                context.logger.warning("cannot read the outbox for metrics", metadata: ["error": "\(error)"])
                body = metrics.registry.emitToBuffer()
            }
            return Response(
                status: .ok, headers: [.contentType: Self.contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
