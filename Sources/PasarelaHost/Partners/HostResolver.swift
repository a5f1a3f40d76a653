import Foundation
import NIOPosix

/// Turns a host name into its addresses (4 or 16 bytes each, in the order to try them), an empty
/// list when it does not resolve.
struct HostResolver: Sendable {
    let resolve: @Sendable (_ host: String) async -> [[UInt8]]

    /// `getaddrinfo`, on threads of its own: a lookup blocks its thread for as long as the DNS
    /// server takes, which must hold up neither Swift's cooperative pool nor NIO's shared pool.
    static let system = HostResolver { host in
        (try? await HostResolver.lookups.runIfActive { HostResolver.addresses(of: host) }) ?? []
    }

    private static let lookups: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }()

    /// What `getaddrinfo` answers for `host`, for stream sockets, without repeats.
    static func addresses(of host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var entry = list
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    addresses.append(withUnsafeBytes(of: address.pointee.sin_addr.s_addr) { Array($0) })
                }
            } else if info.ai_family == AF_INET6, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    addresses.append(withUnsafeBytes(of: address.pointee.sin6_addr) { Array($0) })
                }
            }
            entry = info.ai_next
        }
        var seen = Set<[UInt8]>()
        return addresses.filter { seen.insert($0).inserted }
    }
}
