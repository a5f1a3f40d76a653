import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-module --kind provider|pack --name Acme`:
/// scaffolds a module in this package with the `pasarela-new-module` tool.
@main
struct NewModule: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "pasarela-new-module")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments + ["--package", context.package.directoryURL.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NewModuleToolFailed()
        }
    }
}

/// The tool said what went wrong; the plugin only fails.
struct NewModuleToolFailed: Error, CustomStringConvertible {
    var description: String { "new-module generated nothing" }
}
