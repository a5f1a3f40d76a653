import Testing

@testable import PasarelaHost

@Suite("Webhook URL policy")
struct WebhookURLPolicyTests {
    @Test("internal addresses are recognised in every spelling; public ones are not")
    func addresses() throws {
        for host in ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "10.0.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd12::1", "::ffff:10.0.0.1", "224.0.0.1"]
        {
            let address = try #require(WebhookURLPolicy.literalAddress(host), "\(host)")
            #expect(WebhookURLPolicy.isInternal(address), "\(host)")
        }
        for host in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2001:4860:4860::8888", "100.128.0.1"] {
            let address = try #require(WebhookURLPolicy.literalAddress(host), "\(host)")
            #expect(!WebhookURLPolicy.isInternal(address), "\(host)")
        }
        #expect(WebhookURLPolicy.literalAddress("partner.example") == nil)
    }

    @Test("names are resolved at delivery time and judged by their addresses")
    func resolution() {
        #expect(WebhookURLPolicy.resolve("localhost").contains { WebhookURLPolicy.isInternal($0) })
        let policy = WebhookURLPolicy(allowPrivateNetworks: false)
        #expect(throws: Never.self) { try policy.check("https://partner.example/hooks") }
        #expect(throws: (any Error).self) { try policy.checkResolved("http://localhost:9/hooks") }
        #expect(throws: Never.self) { try WebhookURLPolicy(allowPrivateNetworks: true).checkResolved("http://localhost:9/hooks") }
    }
}
