import PasarelaKit

/// One page of a list, newest first: what to list (`filter`), the id the page starts after
/// (`cursor`: only items older than it), and how many at most. Payments, inbound events and
/// deliveries are listed alike (``PaymentQuery``, ``InboxQuery``, ``DeliveryQuery``).
public struct ListQuery<Filter: Sendable>: Sendable {
    public var filter: Filter
    public var cursor: String?
    public var limit: Int

    /// The page size when none is asked for.
    public static var defaultLimit: Int { 50 }

    public init(filter: Filter, cursor: String? = nil, limit: Int = Self.defaultLimit) {
        self.filter = filter
        self.cursor = cursor
        self.limit = limit
    }

    /// The cursor of the page after one that held `ids`: its last id when it was full, else
    /// `nil` (there is no next page).
    public func nextCursor(after ids: [String]) -> String? {
        ids.count == limit ? ids.last : nil
    }
}

/// A list's filter; `init()` lists everything.
public protocol ListFilter: Sendable {
    init()
}

extension ListQuery where Filter: ListFilter {
    public init(_ filter: Filter = Filter(), cursor: String? = nil, limit: Int = Self.defaultLimit) {
        self.init(filter: filter, cursor: cursor, limit: limit)
    }
}

/// Which payments to list.
public struct PaymentFilter: ListFilter {
    public var instance: String?
    public var status: PaymentStatus?

    public init() {}

    public init(instance: String? = nil, status: PaymentStatus? = nil) {
        (self.instance, self.status) = (instance, status)
    }
}

/// Which inbound events to list.
public struct InboxFilter: ListFilter {
    public var partnerID: String?
    public var eventType: String?

    public init() {}

    public init(partnerID: String? = nil, eventType: String? = nil) {
        (self.partnerID, self.eventType) = (partnerID, eventType)
    }
}

/// Which deliveries to list.
public struct DeliveryFilter: ListFilter {
    public var partnerID: String?
    public var status: DeliveryStatus?

    public init() {}

    public init(partnerID: String? = nil, status: DeliveryStatus? = nil) {
        (self.partnerID, self.status) = (partnerID, status)
    }
}

/// Which partners to list: all of them, in id order (the console pages them).
public struct PartnerFilter: ListFilter {
    public init() {}
}

/// A filter and page for listing payments.
public typealias PaymentQuery = ListQuery<PaymentFilter>
/// A filter and page for listing inbound events.
public typealias InboxQuery = ListQuery<InboxFilter>
/// A filter and page for listing deliveries.
public typealias DeliveryQuery = ListQuery<DeliveryFilter>
