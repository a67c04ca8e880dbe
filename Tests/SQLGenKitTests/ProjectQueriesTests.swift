import Foundation
import Testing

@testable import SQLGenKit

/// The project's own sql/ folder generates the API the Uploads module is written against.
struct ProjectQueriesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path

    @Test func projectSQLGeneratesTheUploadsAPI() throws {
        let config = try GeneratorConfig.load(path: Self.root + "/sqlgen.yaml")
        let schema = try SQLFiles.read(try SQLFiles.find(config.schema, relativeTo: Self.root))
        let queries = try SQLFiles.read(try SQLFiles.find(config.queries, relativeTo: Self.root))
        let generator = Generator(config: config)
        let files = generator.emit(try generator.analyze(schema: schema, queries: queries))
        let models = try #require(files.first { $0.name == "Models.swift" }?.content)
        #expect(models.contains("public struct Upload: Sendable, Hashable, Codable {"))
        #expect(models.contains("public var multipartUploadID: String?"))
        #expect(models.contains("public enum UploadStatus: String, Sendable, Hashable, Codable, CaseIterable {"))
        // Whichever query file holds them (the file decides only which protocol they belong to).
        let generated = files.filter { $0.name.hasSuffix("Queries.swift") }.map(\.content).joined()
        #expect(generated.contains("public func getUploadForUser(id: UUID, userID: String) async throws -> Upload?"))
        #expect(generated.contains("public func deleteUpload(id: UUID) async throws -> Int"))
    }
}
