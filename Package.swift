// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "LabIngest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "labingest", targets: ["labingest"]),
    ],
    // The shared PostgreSQL store pulls in postgres-nio (swift-nio, about 4-10 minutes on a first build): on by
    // default; `swift build --disable-default-traits` leaves it out.
    traits: [
        .trait(name: "PostgreSQL", description: "The shared PostgreSQL event store (postgres-nio)."),
        .default(enabledTraits: ["PostgreSQL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // System library: libxml2's streaming reader (see Sources/CLibXML2/shim.h for the ICU #undef).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // System library: libcurl, with a tiny C shim of non-variadic setopt/getinfo wrappers (HTTP sources).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CurlShim", dependencies: ["CCurl"]),
        // System library: zlib, for gzip input a pipeline declares (`gzip: true`).
        .systemLibrary(name: "CLibZ", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The canonical model: no I/O, Foundation only.
        .target(name: "LabCore"),
        // UCUM, lab unit spellings, the analyte catalogue.
        .target(name: "LabUnits", dependencies: ["LabCore"]),
        // One folder per format: bytes in, records with locators out. No store, no network.
        .target(name: "LabFormats", dependencies: [
            "LabCore", "CLibXML2", "CLibZ",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),  // zipped RDML
        ]),
        // The event store: protocol + SQLite (GRDB).
        .target(name: "LabStore", dependencies: [
            "LabCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
        ]),
        // Pipelines, sources, normalization, the stage runtime.
        .target(name: "LabPipeline", dependencies: [
            "LabCore", "LabUnits", "LabFormats", "LabStore", "CCurl", "CurlShim",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The CLI: thin, no logic of its own.
        .executableTarget(name: "labingest", dependencies: [
            "LabCore", "LabUnits", "LabFormats", "LabStore", "LabPipeline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Temporary directories the tests share, removed when the test process exits.
        .target(name: "LabTestSupport", path: "Tests/LabTestSupport"),
        .testTarget(name: "LabCoreTests", dependencies: ["LabCore"]),
        .testTarget(name: "LabUnitsTests", dependencies: ["LabUnits"]),
        .testTarget(name: "LabFormatsTests", dependencies: ["LabFormats", "LabTestSupport"]),
        .testTarget(name: "LabStoreTests", dependencies: [
            "LabStore", "LabTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "LabPipelineTests", dependencies: [
            "LabPipeline", "LabStore", "LabCore", "LabTestSupport", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["LabCore", "labingest", "LabTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
