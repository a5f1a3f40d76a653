import ChuwueGrillPack
import FindyourWorkPack
import MercadoPagoProvider
import MockProvider
import PasarelaKit
import StripeProvider

/// The modules built into this executable: the only place that names them, each by its target.
enum BuiltInModules {
    static let all: [ModuleDescriptor] = [
        MockProvider.MockModule.descriptor,
        StripeProvider.StripeModule.descriptor,
        MercadoPagoProvider.MercadoPagoModule.descriptor,
        ChuwueGrillPack.ChuwueGrillModule.descriptor,
        FindyourWorkPack.FindyourWorkModule.descriptor,
    ]
}
