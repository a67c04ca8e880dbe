// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "S3Uploader",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "s3uploader", targets: ["S3Uploader"]),
        .executable(name: "sqlgen", targets: ["sqlgen"]),
        .executable(name: "s3bench", targets: ["S3Bench"]),
        .library(name: "SQLGenKit", targets: ["SQLGenKit"]),
        .library(name: "SQLGenRuntime", targets: ["SQLGenRuntime"]),
        .library(name: "S3Client", targets: ["S3Client"]),
        .library(name: "Storage", targets: ["Storage"]),
        .plugin(name: "SQLGenPlugin", targets: ["SQLGenPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // No traits: the settings file is a `.env` file, which needs none, and AsyncHTTPClient already builds
        // this package without traits (enabling one would rebuild everything that depends on it).
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
    ],
    targets: [
        // MARK: sqlgen — the SQL code generator (codegen/)
        .systemLibrary(name: "CPgQuery", path: "codegen/Sources/CPgQuery"),
        .target(
            name: "SQLGenKit",
            dependencies: ["CPgQuery"],
            path: "codegen/Sources/SQLGenKit"
        ),
        .executableTarget(
            name: "sqlgen",
            dependencies: ["SQLGenKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "codegen/Sources/sqlgen"
        ),
        // What generated code runs on: the query executor, batches, COPY and the types PostgresNIO lacks.
        .target(
            name: "SQLGenRuntime",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "codegen/Sources/SQLGenRuntime"
        ),
        .plugin(name: "SQLGenPlugin", capability: .buildTool(), dependencies: ["sqlgen"], path: "Plugins/SQLGenPlugin"),
        // The SQL folder as a target, so SwiftPM re-plans the plugin when a .sql file is added or deleted.
        .target(name: "SQLSources", path: "sql", exclude: ["schema", "queries"]),

        // MARK: the service (Sources/)
        .target(
            name: "Database",
            dependencies: [
                "SQLSources", "SQLGenRuntime",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["SQLGenPlugin"]
        ),
        .target(
            name: "S3Client",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "S3Bench",
            dependencies: [
                "S3Client",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "S3Client",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Auth",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Middleware",
            dependencies: [
                "Auth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        .target(
            name: "Uploads",
            dependencies: [
                "Database", "Storage", "Jobs",
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Jobs",
            dependencies: [
                "Database",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Auth", "Middleware", "Uploads", "Database", "Storage", "S3Client", "Jobs", "Settings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Settings",
            dependencies: [
                "Auth", "Middleware", "Storage",
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .executableTarget(
            name: "S3Uploader",
            dependencies: [
                "Server", "Database", "Auth", "Settings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: tests
        // What the test targets share: scratch databases and buckets, the switches that say which services
        // the tests may use, the application harness, and the HTTP stand-ins (fault-injecting proxy).
        .target(
            name: "TestSupport",
            dependencies: [
                "Server", "Auth", "Database", "Storage", "Uploads", "S3Client",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "SQLGenKitTests", dependencies: ["SQLGenKit"]),
        .testTarget(
            name: "S3ClientTests",
            dependencies: [
                "S3Client", "Storage", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "AuthTests",
            dependencies: [
                "Auth", "Middleware", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "Auth"]),
        .testTarget(
            name: "UploadsTests",
            dependencies: ["Uploads", "Storage", "Database", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "DatabaseTests", dependencies: ["Database", "SQLGenKit", "TestSupport"]),
        // The sqlgen corpus (Tests/SQLGenCorpus) generated by the plugin from Tests/SQLGenCorpusTests/sqlgen.yaml.
        .testTarget(
            name: "SQLGenCorpusTests",
            dependencies: [
                "Database", "SQLGenRuntime", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["sqlgen.yaml"],
            plugins: ["SQLGenPlugin"]
        ),
        .testTarget(
            name: "JobsTests",
            dependencies: [
                "Jobs", "Database", "Storage", "Uploads", "S3Client", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Auth", "Database", "Storage", "Uploads", "Middleware", "S3Client", "Settings", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
