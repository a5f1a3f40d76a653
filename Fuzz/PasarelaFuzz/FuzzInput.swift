/// A fuzzer's bytes, cut into the fields a target needs: a leading byte, lines, then the rest.
///
/// Lines end at `\n` (not included); once the bytes run out every field is empty. Text is
/// decoded as UTF-8 with invalid sequences replaced, as an HTTP server hands headers over.
struct FuzzInput {
    private var rest: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        rest = bytes[...]
    }

    /// The next byte, or 0 when none is left.
    mutating func byte() -> UInt8 {
        rest.popFirst() ?? 0
    }

    /// The next byte read as a signed offset, `-128...127`.
    mutating func offset() -> Int {
        Int(Int8(bitPattern: byte()))
    }

    /// The next line as text.
    mutating func line() -> String {
        let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
        let text = String(decoding: rest[..<end], as: UTF8.self)
        rest = end < rest.endIndex ? rest[rest.index(after: end)...] : []
        return text
    }

    /// Every byte not read yet.
    mutating func remainder() -> [UInt8] {
        defer { rest = [] }
        return Array(rest)
    }
}
