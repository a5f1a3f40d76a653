import Foundation

/// The progress line long CLI work prints on standard error: rewritten in place on a terminal,
/// a line each time otherwise (logs, pipes).
enum ProgressLine {
    @Sendable static func show(_ line: String) {
        FileHandle.standardError.write(Data((isTerminal ? "\r" + line + "\u{1B}[K" : line + "\n").utf8))
    }

    /// Ends a line rewritten in place, so that what follows starts on a line of its own.
    static func end() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static var isTerminal: Bool { isatty(2) == 1 }
}
