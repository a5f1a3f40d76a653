import Foundation
import Synchronization
import Testing

@testable import PasarelaHost

@Suite("Webhook URL policy")
struct WebhookURLPolicyTests {
    static let internalHosts = [
        "127.0.0.1", "127.1", "2130706433", "0x7f000001", "10.0.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "100.127.255.255", "0.0.0.0", "224.0.0.1", "192.0.0.8", "::1", "::", "fe80::1", "fd12::1", "fc00::1", "ff02::1", "fec0::1",
        "::ffff:10.0.0.1", "::ffff:8.8.8.8", "::127.0.0.1", "::8.8.8.8", "64:ff9b::7f00:1", "64:ff9b::808:808", "64:ff9b:1::a00:1",
        "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1",
    ]
    static let publicHosts = ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "2606:4700::1111", "2002:808:808::1"]

    /// A resolver that answers from `names` and counts the lookups.
    static func resolver(_ names: [String: [String]], lookups: Lookups = Lookups()) -> HostResolver {
        HostResolver { host in
            lookups.count.add(1, ordering: .relaxed)
            return (names[host] ?? []).compactMap(WebhookURLPolicy.literalAddress)
        }
    }

    final class Lookups: Sendable {
        let count = Atomic(0)
    }

    @Test("internal addresses are recognised in every spelling and IPv6 form; public ones are not")
    func addresses() throws {
        for host in Self.internalHosts {
            let address = try #require(WebhookURLPolicy.literalAddress(host), "\(host)")
            #expect(WebhookURLPolicy.isInternal(address), "\(host)")
        }
        for host in Self.publicHosts {
            let address = try #require(WebhookURLPolicy.literalAddress(host), "\(host)")
            #expect(!WebhookURLPolicy.isInternal(address), "\(host)")
            #expect(WebhookURLPolicy.literalAddress(WebhookURLPolicy.text(of: address)) == address, "\(host)")
        }
        #expect(WebhookURLPolicy.literalAddress("partner.example") == nil)
    }

    @Test("a name is resolved once; every address is checked and the first is the one connected to")
    func targets() async throws {
        let lookups = Lookups()
        let names = [
            "partner.example": ["203.0.113.10", "2001:db8::10"], "mixed.example": ["203.0.113.10", "10.0.0.7"],
            "nat64.example": ["64:ff9b::a00:7"],
        ]
        let policy = WebhookURLPolicy(allowPrivateNetworks: false, resolver: Self.resolver(names, lookups: lookups))
        let target = try await policy.target("http://Partner.example:8080/hooks?x=1")
        #expect(lookups.count.load(ordering: .relaxed) == 1)
        #expect(target.address == "203.0.113.10")
        #expect(target.pinnedURL == "http://203.0.113.10:8080/hooks?x=1")
        #expect(target.hostHeader == "partner.example:8080")
        #expect(try await policy.target("https://partner.example").hostHeader == "partner.example")
        for url in ["https://mixed.example/h", "https://nat64.example/h", "https://nowhere.example/h", "http://localhost:9/h", "http://[::1]/h"] {
            await #expect(throws: (any Error).self, "\(url)") { try await policy.target(url) }
            await #expect(throws: (any Error).self, "\(url)") { try await policy.checkRegistered(url) }
        }
        let open = WebhookURLPolicy(allowPrivateNetworks: true, resolver: Self.resolver(["mixed.example": ["10.0.0.7"]], lookups: lookups))
        let before = lookups.count.load(ordering: .relaxed)
        try await open.checkRegistered("https://nowhere.example/h")
        #expect(lookups.count.load(ordering: .relaxed) == before, "registration resolves nothing when private networks are allowed")
        #expect(try await open.target("https://mixed.example/h").pinnedURL == "https://10.0.0.7:443/h")
        #expect(try await open.target("http://[::1]:9/h").pinnedURL == "http://[::1]:9/h")
    }

    @Test("the system resolver reads the machine's names")
    func systemResolver() async {
        #expect(await HostResolver.system.resolve("localhost").contains { WebhookURLPolicy.isInternal($0) })
    }
}
