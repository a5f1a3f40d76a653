import PasarelaKit

// The two C entry points through which a host loads this library (ModuleLibrary in PasarelaKit).

/// The ADK version this library was built against; the host checks it before anything else.
@_cdecl("pasarela_adk_version")
public func pasarelaADKVersion() -> UInt32 { ModuleLibrary.adkVersion }

/// The library's modules, handed to the host.
@_cdecl("pasarela_module_library")
public func pasarelaModuleLibrary() -> UnsafeMutableRawPointer { ModuleLibrary(CondorModule.descriptor).export() }
