import Logging
import ServiceLifecycle

/// A service that holds storage open and closes it once the service group shuts down, after the
/// HTTP server (listed after it) has drained its requests.
struct StorageCloser: Service {
    let storage: any PasarelaStorage
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try await storage.close()
        logger.info("storage closed")
    }
}
