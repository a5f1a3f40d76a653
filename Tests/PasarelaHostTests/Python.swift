import Foundation
import PasarelaTesting

extension Python {
    /// The partner scripts in this target's Fixtures/.
    static let partners = Python(fixtures: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures"))
}
