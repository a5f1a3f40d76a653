import PasarelaKit

/// `JSONValue.parse` on any bytes: never crashes, and a refusal points inside the input.
///
/// A valid document must also parse the same from the `String` entry point.
enum JSONParserFuzz {
    static func run(_ bytes: [UInt8]) {
        do {
            let value = try JSONValue.parse(bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            FuzzProperty.require((try? JSONValue.parse(text)) == value, "parse(String) disagrees with parse(bytes)")
        } catch {
            FuzzProperty.require((0...bytes.count).contains(error.offset), "error offset \(error.offset) outside 0...\(bytes.count)")
        }
    }
}
