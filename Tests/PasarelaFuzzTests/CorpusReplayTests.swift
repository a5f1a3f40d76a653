import Foundation
import PasarelaFuzz
import Testing

/// Every fuzz target over its seed corpus, `Fuzz/Corpus/<target>/`, in the ordinary build: the
/// inputs that once crashed stay fixed, and the targets keep compiling without libFuzzer.
@Suite("Fuzz corpus replay")
struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Corpus").standardizedFileURL

    @Test("each seed input passes its target", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        let folder = Self.corpus.appendingPathComponent(target.rawValue)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty, "no seed inputs in \(folder.path)")
        for file in files {
            target.run(Array(try Data(contentsOf: file)))
        }
    }
}
