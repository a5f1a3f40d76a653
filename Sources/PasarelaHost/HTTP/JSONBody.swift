import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PasarelaKit

/// Reading JSON request bodies within the size limit, and writing JSON responses.
enum JSONBody {
    /// The whole body, refused with 413 beyond `limit` bytes.
    static func bytes(of request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.bodyTooLarge(limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: limit)
        }
    }

    /// The body parsed as JSON; malformed JSON is a 400.
    static func value(of request: Request, limit: Int) async throws -> JSONValue {
        let bytes = try await bytes(of: request, limit: limit)
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw APIError.malformedJSON(error)
        }
    }

    static func response(status: HTTPResponse.Status, bytes: [UInt8], extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func response(status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        response(status: status, bytes: try encode(value))
    }

    static func response(status: HTTPResponse.Status, json value: JSONValue) -> Response {
        response(status: status, bytes: Array(value.serialized().utf8))
    }

    /// 200 `{"event_id": …, "status": …}`, the answer to every webhook.
    static func webhookReceipt(status: String, eventID: String) -> Response {
        response(status: .ok, bytes: webhookReceiptBody(status: status, eventID: eventID))
    }

    /// `{"event_id": …, "status": …}`, written directly: it is on the inbound hot path, and its
    /// shape never changes.
    static func webhookReceiptBody(status: String, eventID: String) -> [UInt8] {
        Array(#"{"event_id":\#(JSONValue.string(eventID).serialized()),"status":\#(JSONValue.string(status).serialized())}"#.utf8)
    }

    /// A JSON body, or an empty object when the request has none.
    static func optionalValue(of request: Request, limit: Int) async throws -> JSONValue {
        let bytes = try await bytes(of: request, limit: limit)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return .object([:]) }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw APIError.malformedJSON(error)
        }
    }

    /// Compact JSON with sorted keys.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
