import ChuwueGrillPack
import FindyourWorkPack
import MercadoPagoProvider
import MockProvider
import PasarelaKit
import StripeProvider

/// The modules built into this executable: the only place that names them.
enum BuiltInModules {
    static let all: [ModuleDescriptor] = [
        MockModule.descriptor,
        StripeModule.descriptor,
        MercadoPagoModule.descriptor,
        ChuwueGrillModule.descriptor,
        FindyourWorkModule.descriptor,
    ]
}
