import Foundation
import PasarelaKit

/// A tiny pack for the kit's own tests: greets arriving guests once and keeps notes about them;
/// well behaved, unless given flaws the kit must catch.
///
/// Documents: `guest/<name>` (`{"name", "here", "note"?}`).
struct GreeterPack: EventHandlerPack {
    /// What a broken greeter gets wrong.
    struct Flaws: OptionSet, Sendable {
        let rawValue: Int
        /// Greets a guest each time their arrival is handed over.
        static let greetsEveryTime = Flaws(rawValue: 1 << 0)
        /// Decodes route bodies with `JSONDecoder`, whose errors the host answers with a 500.
        static let crashesOnBadInput = Flaws(rawValue: 1 << 1)
        /// Shows a guest it does not know by throwing an error of its own, which the host answers with a 500.
        static let crashesOnUnknownGuest = Flaws(rawValue: 1 << 2)
        /// Shows a guest it does not know as a `provider_error`, which the host answers with a 502.
        static let blamesProviderForUnknownGuest = Flaws(rawValue: 1 << 3)
        /// Emits `guest.greeted` without declaring it.
        static let undeclaredGreeting = Flaws(rawValue: 1 << 4)
    }

    /// What the flawed greeter throws for a guest it does not know.
    struct UnknownGuest: Error {
        var key: String
    }

    static let arrived: EventType = "guest.arrived"
    static let left: EventType = "guest.left"
    static let frontDesk = "front-desk"

    let flaws: Flaws
    let subscriptions: Set<EventType> = [arrived, left]

    var routes: [PackRoute] {
        [.post("/guests/{name}/notes", handler: addNote), .get("/guests/{name}", handler: showGuest)]
    }

    var eventTypes: [EventTypeDeclaration] {
        let arrivals = [Self.arrived, Self.left].map {
            EventTypeDeclaration($0, .inbound, "A guest came or went", example: .object(["name": .string("Ana")]))
        }
        guard !flaws.contains(.undeclaredGreeting) else { return arrivals }
        return arrivals + [EventTypeDeclaration("guest.greeted", .outbound, "A guest was greeted", example: .object(["name": .string("Ana")]))]
    }

    /// The pack, with `flaws`.
    static func descriptor(flaws: Flaws = []) -> ModuleDescriptor {
        ModuleDescriptor(
            name: "greeter", version: "1.0.0", summary: "Greets guests (the conformance kit's tests)", options: [],
            factory: .pack { _, _ in GreeterPack(flaws: flaws) })
    }

    /// A partner event about the guest `name`.
    static func event(_ type: EventType, _ name: String) -> PackEvent {
        .fromPartner(frontDesk, type: type, data: .object(["name": .string(name)]), id: "evt_\(name)_\(type.rawValue)")
    }

    func handle(_ event: PackEvent, in session: PackSession) async throws {
        guard let name = event.data["name"]?.stringValue else { return }
        let key = "guest/\(name)"
        let wasHere = try await session.document(forKey: key)?["here"]?.boolValue == true
        let here = event.type == Self.arrived
        session.setDocument(.object(["name": .string(name), "here": .bool(here)]), forKey: key)
        if here, !wasHere || flaws.contains(.greetsEveryTime) {
            session.emit("guest.greeted", data: .object(["name": .string(name)]), to: Self.frontDesk)
        }
    }

    private struct Note: Decodable {
        var note: String
    }

    /// `POST /guests/{name}/notes` with `{"note"}`.
    private func addNote(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let note: String
        if flaws.contains(.crashesOnBadInput) {
            note = try JSONDecoder().decode(Note.self, from: Data(request.body)).note
        } else {
            guard let given = try request.json()["note"]?.stringValue else { throw PasarelaError(.invalidRequest, "note: is required") }
            note = given
        }
        let key = "guest/\(try request.parameter("name"))"
        guard case .object(var guest)? = try await session.document(forKey: key) else { throw PasarelaError(.notFound, "no \(key)") }
        guest["note"] = .string(note)
        session.setDocument(.object(guest), forKey: key)
        return .ok(.object(guest))
    }

    /// `GET /guests/{name}`.
    private func showGuest(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let key = "guest/\(try request.parameter("name"))"
        guard let guest = try await session.document(forKey: key) else {
            if flaws.contains(.crashesOnUnknownGuest) { throw UnknownGuest(key: key) }
            if flaws.contains(.blamesProviderForUnknownGuest) { throw PasarelaError(.providerError, "the guest book has no \(key)") }
            throw PasarelaError(.notFound, "no \(key)")
        }
        return .ok(guest)
    }
}
