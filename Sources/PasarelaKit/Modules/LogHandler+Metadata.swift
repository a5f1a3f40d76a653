import Logging

// `package`: the host's and the kit's log handlers share it; module authors need not see it in the ADK.
extension LogHandler {
    /// The metadata of one line: the handler's own, then its provider's, then the call's, a later
    /// value winning over an earlier one with the same key.
    ///
    /// ```swift
    /// public func log(event: LogEvent) {
    ///     write(event.message, metadata: mergedMetadata(of: event))
    /// }
    /// ```
    package func mergedMetadata(of event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let call = event.metadata { merged.merge(call) { _, new in new } }
        return merged
    }
}
