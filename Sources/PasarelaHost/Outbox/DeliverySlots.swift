/// The attempts one host has in flight, by delivery and by partner, and what it may claim next.
///
/// A delivery is in flight here at most once: one claimed again while its attempt here goes on
/// (its record made it due again, or its lease ran out) waits for that attempt to end. A partner holds at most
/// `perPartner` slots; a partner whose last attempt got no answer (it timed out or could not be
/// reached) holds at most one, and such partners together at most half of `total`, so slow or
/// dead partners never hold every slot while others wait.
///
/// Claims are paced: after attempts end, the next claim waits until half of what was in flight
/// after the previous claim has ended, so a busy partner's deliveries are claimed (and their
/// records written) several at a time rather than one per ended attempt. Queued events and the
/// worker's poll claim at once whatever the pace.
struct DeliverySlots {
    let total: Int
    let perPartner: Int
    private var deliveries: Set<String> = []
    private var byPartner: [String: Int] = [:]
    /// Partners whose last attempt got no answer.
    private var troubled: Set<String> = []
    /// Attempts ended since the last claim, and how many were in flight just after it.
    private var endedSinceClaim = 0
    private var inFlightAfterClaim = 0

    init(total: Int, perPartner: Int) {
        self.total = total
        self.perPartner = perPartner
    }

    /// Nothing is in flight.
    var isEmpty: Bool { deliveries.isEmpty }

    /// How many more attempts may start.
    var free: Int { total - deliveries.count }

    /// The most slots partners without answers may hold together.
    var troubledShare: Int { max(1, total / 2) }

    /// Attempts in flight per partner as the claim counts them against `perPartner`: a troubled
    /// partner counts as full unless it may start one more.
    var claimCounts: [String: Int] {
        var counts = byPartner
        var openings = troubledShare - troubled.reduce(0) { $0 + byPartner[$1, default: 0] }
        for partner in troubled.shuffled() {
            if openings > 0 && byPartner[partner, default: 0] == 0 {
                openings -= 1
                counts[partner] = perPartner - 1
            } else {
                counts[partner] = perPartner
            }
        }
        return counts
    }

    /// Whether enough attempts have ended since the last claim to claim again.
    var claimIsDue: Bool { endedSinceClaim * 2 >= inFlightAfterClaim }

    /// Notes that a claim was made; call after taking its slots.
    mutating func claimed() {
        endedSinceClaim = 0
        inFlightAfterClaim = deliveries.count
    }

    /// Takes a slot for a claimed delivery; `false` when that delivery is in flight here already.
    mutating func take(_ delivery: Delivery) -> Bool {
        guard deliveries.insert(delivery.id).inserted else { return false }
        byPartner[delivery.partnerID, default: 0] += 1
        return true
    }

    /// Frees `delivery`'s slot; `answered` tells whether its partner answered at all.
    mutating func release(_ delivery: Delivery, answered: Bool) {
        guard deliveries.remove(delivery.id) != nil else { return }
        endedSinceClaim += 1
        byPartner[delivery.partnerID, default: 1] -= 1
        if byPartner[delivery.partnerID] == 0 { byPartner[delivery.partnerID] = nil }
        if answered {
            troubled.remove(delivery.partnerID)
        } else {
            troubled.insert(delivery.partnerID)
        }
    }
}
