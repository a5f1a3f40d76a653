import Logging
import PasarelaKit
import Synchronization

/// Keeps every line logged through its loggers, at every level, so tests can read what a module logged.
///
/// ```swift
/// let logs = LogCapture()
/// let context = ModuleContext.testing(logger: logs.logger(label: "stripe"))
/// // … drive the module …
/// #expect(!logs.entries.contains { $0.text.contains("sk_test_") })
/// ```
public final class LogCapture: Sendable {
    private let captured = Mutex<[CapturedLogEntry]>([])

    /// An empty capture.
    public init() {}

    /// A logger at `.trace` whose lines land here.
    public func logger(label: String) -> Logger {
        var logger = Logger(label: label) { label in CapturingLogHandler(label: label, capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line logged so far, in order.
    public var entries: [CapturedLogEntry] {
        captured.withLock { $0 }
    }

    func append(_ entry: CapturedLogEntry) {
        captured.withLock { $0.append(entry) }
    }
}

/// One logged line: its level, message, metadata (the logger's and the call's, merged, rendered
/// as text) and the error it carried, if any.
public struct CapturedLogEntry: Hashable, Sendable {
    public var label: String
    public var level: Logger.Level
    public var message: String
    public var metadata: [String: String]
    public var error: String?

    /// The message, each metadata key and value, and the error, on one line: what a secret must never be part of.
    public var text: String {
        ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [error].compactMap { $0 })
            .joined(separator: " ")
    }
}

/// A `LogHandler` that hands every line to a ``LogCapture``; build loggers with ``LogCapture/logger(label:)``.
public struct CapturingLogHandler: LogHandler {
    public var logLevel: Logger.Level = .trace
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let capture: LogCapture

    /// A handler for the logger `label`, writing to `capture`.
    public init(label: String, capture: LogCapture) {
        self.label = label
        self.capture = capture
    }

    public func log(event: LogEvent) {
        capture.append(
            CapturedLogEntry(
                label: label, level: event.level, message: event.message.description,
                metadata: mergedMetadata(of: event).mapValues(\.description), error: event.error.map { String(describing: $0) }))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
