import Foundation
import Logging
import PasarelaKit
import Synchronization

/// A `LogHandler` for machines: one JSON object per line, with `timestamp` (ISO 8601, UTC),
/// `level`, `label`, `message` and `metadata` (the handler's, its provider's and the call's,
/// merged in that order).
///
/// ```swift
/// LoggingSystem.bootstrap { label in JSONLogHandler.standardOutput(label: label) }
/// // or, without touching the process-wide logging system:
/// let logger = Logger(label: "pasarela") { label in JSONLogHandler.standardOutput(label: label) }
/// ```
///
/// As a last guard, metadata whose key names a credential (`secret`, `token`, `password`,
/// `authorization`, `api_key`, `signature`) is written as `"[redacted]"`.
public struct JSONLogHandler: LogHandler {
    /// Where finished lines go, without their newline.
    public typealias Sink = @Sendable (String) -> Void

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let sink: Sink

    /// - Parameters:
    ///   - label: the logger's label, written in every line.
    ///   - sink: receives each line (tests collect them; ``standardOutput(label:)`` writes them).
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, sink: @escaping Sink) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    /// A handler writing to the process's standard output, a whole line at a time.
    public static func standardOutput(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in StandardOutput.shared.write(line) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink(
            Self.line(
                timestamp: Date(), level: event.level, label: label, message: event.message.description, metadata: mergedMetadata(of: event)))
    }

    /// One log line's JSON text.
    static func line(timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var fields: [String: JSONValue] = [
            "timestamp": .string(ISOTimestamp.format(timestamp)), "level": .string(level.rawValue), "label": .string(label),
            "message": .string(message),
        ]
        fields["metadata"] = .object(metadata.reduce(into: [:]) { object, entry in
            object[entry.key] = isCredential(entry.key) ? .string("[redacted]") : json(entry.value)
        })
        return JSONValue.object(fields).serialized()
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let entries): return .object(entries.mapValues(json))
        }
    }

    private static let credentialWords = ["secret", "token", "password", "authorization", "api_key", "apikey", "signature"]

    private static func isCredential(_ key: String) -> Bool {
        let key = key.lowercased()
        return credentialWords.contains { key.contains($0) }
    }
}

/// The process's standard output, written one whole line at a time so concurrent loggers never
/// interleave within a line.
private final class StandardOutput: Sendable {
    static let shared = StandardOutput()

    private let lock = Mutex(())

    func write(_ line: String) {
        let data = Data((line + "\n").utf8)
        lock.withLock { _ in FileHandle.standardOutput.write(data) }
    }
}
