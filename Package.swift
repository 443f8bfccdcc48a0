// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "reform",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "reform", targets: ["reform"]),
    .library(name: "ReformKit", targets: ["ReformKit"]),
    .library(name: "GitKit", targets: ["GitKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    .systemLibrary(
      name: "Clibgit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]
    ),
    .target(name: "GitKit", dependencies: ["Clibgit2"]),
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .target(name: "SQLiteKit", dependencies: ["CSQLite"]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
    .target(name: "SpreadsheetKit", dependencies: ["CXlsxWriter"]),
    .target(
      name: "ReformKit",
      dependencies: [
        "GitKit",
        "SQLiteKit",
        "SpreadsheetKit",
        "CZlib",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "ReformCLI",
      dependencies: [
        "ReformKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "reform", dependencies: ["ReformCLI"]),
    .target(name: "TestSupport", dependencies: ["GitKit", "ReformKit"], path: "Tests/TestSupport"),
    .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"]),
    .testTarget(name: "ReformKitTests", dependencies: ["ReformKit", "GitKit", "TestSupport"]),
    .testTarget(name: "ReformCLITests", dependencies: ["TestSupport", "ReformKit", "reform"]),
  ]
)
