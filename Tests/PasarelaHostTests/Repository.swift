import Foundation

/// This repository's checkout, for tests that read its files (docs, samples) or build its samples.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
