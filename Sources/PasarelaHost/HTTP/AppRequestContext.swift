import Hummingbird

/// The request context of every Pasarela route.
public typealias AppRequestContext = BasicRequestContext
