import Logging
import PasarelaKit

extension HostServices {
    /// Each configured provider instance, built by its module with its context and metered.
    static func makeProviders(
        _ instances: [ResolvedInstance], configuration: HostConfiguration, storage: any PasarelaStorage, transport: any HTTPTransport,
        clock: any WallClock, logger: Logger, metrics: HostMetrics
    ) throws -> ProviderDirectory {
        var providers: [String: any PaymentProvider] = [:]
        for instance in instances {
            guard case .provider(let makeProvider) = instance.descriptor.factory else { continue }
            var moduleLogger = logger
            moduleLogger[metadataKey: "instance"] = "\(instance.name)"
            let context = ModuleContext(
                instanceName: instance.name, transport: transport,
                store: StorageModuleStore(storage: storage, scope: "provider/\(instance.name)"), clock: clock, logger: moduleLogger)
            do {
                providers[instance.name] = MeteredPaymentProvider(
                    base: try makeProvider(instance.options, context), instance: instance.name, metrics: metrics)
            } catch {
                throw ConfigurationError(key: "payments.instances.\(instance.name)", "the module refused its options: \(error)")
            }
        }
        return ProviderDirectory(
            providers: providers, defaultInstance: configuration.payments.defaultInstance, routes: configuration.payments.routes)
    }

    /// The partner directory, with `secrets.key`'s cipher when one is set, once every stored secret
    /// is sealed in the cipher's current form.
    static func makePartnerDirectory(_ configuration: HostConfiguration, storage: any PasarelaStorage, logger: Logger) async throws
        -> PartnerDirectory
    {
        guard let passphrase = configuration.secretsKey else { return PartnerDirectory(storage: storage, cipher: nil) }
        let directory = PartnerDirectory(storage: storage, cipher: try await SecretCipher.make(passphrase: passphrase, storage: storage))
        let resealed = try await directory.sealStoredSecrets()
        if resealed > 0 { logger.info("partner secrets sealed at start", metadata: ["partners": "\(resealed)"]) }
        return directory
    }

    /// Builds each configured pack with its context, and refuses two packs serving one route.
    static func makePackRuntimes(
        _ packs: [ResolvedInstance], configuration: HostConfiguration, storage: any PasarelaStorage, partners: PartnerService,
        outbox: OutboxService, clock: any WallClock, logger: Logger, metrics: HostMetrics
    ) throws -> [PackRuntime] {
        let directory = HostPackPartners(service: partners, storage: storage)
        let runtimes = try packs.map { resolved in
            guard case .pack(let makePack) = resolved.descriptor.factory else {
                throw ConfigurationError(key: "packs.\(resolved.name)", "'\(resolved.name)' is not a pack")
            }
            var packLogger = logger
            packLogger[metadataKey: "pack"] = "\(resolved.name)"
            let context = PackContext(
                packName: resolved.name, identity: configuration.identity, partners: directory, clock: clock, logger: packLogger)
            do {
                return PackRuntime(
                    name: resolved.name, pack: try makePack(resolved.options, context), storage: storage, partners: partners.directory,
                    outbox: outbox, clock: clock, logger: packLogger, metrics: metrics)
            } catch {
                throw ConfigurationError(key: "packs.\(resolved.name)", "the pack refused its options: \(error)")
            }
        }
        try PackRoutesMiddleware.checkConflicts(runtimes)
        return runtimes
    }
}
