import Foundation
import SQLGenRuntime

/// `TagsQueries` (the protocol sqlgen generates for blog/queries/tags.sql) kept in memory, as a unit
/// test of a service would: no PostgreSQL, and a transaction that puts everything back when its body throws.
final class TagsFake: TagsQueries, @unchecked Sendable {
    private let lock = NSLock()
    private var tags: [Tag] = []
    private var postTags: Set<[Int64]> = []

    private func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func withTransaction<Result: Sendable>(_ body: (TagsFake) async throws -> Result) async throws -> Result {
        let saved = locked { (tags, postTags) }
        do {
            return try await body(self)
        } catch {
            locked { (tags, postTags) = saved }
            throw error
        }
    }

    func createTag(name: String) async throws -> Int32? {
        locked {
            guard !tags.contains(where: { $0.name == name }) else { return nil }
            let tag = Tag(id: (tags.map(\.id).max() ?? 0) + 1, name: name)
            tags.append(tag)
            return tag.id
        }
    }

    func upsertTag(name: String) async throws -> Tag? {
        if let id = try await createTag(name: name) { return Tag(id: id, name: name) }
        return locked { tags.first { $0.name == name } }
    }

    func tagPost(postID: Int64, tagID: Int32) async throws {
        _ = locked { postTags.insert([postID, Int64(tagID)]) }
    }

    func untagPost(postID: Int64, tagID: Int32) async throws -> Int {
        locked { postTags.remove([postID, Int64(tagID)]) == nil ? 0 : 1 }
    }

    func listTags() async throws -> [Tag] {
        locked { tags.sorted { $0.name < $1.name } }
    }

    func tagsOfPost(postID: Int64) async throws -> [Tag] {
        locked { tags.filter { postTags.contains([postID, Int64($0.id)]) } }
    }

    func tagUsage() async throws -> [TagUsageRow] {
        locked { tags.map { tag in TagUsageRow(name: tag.name, uses: Int64(postTags.filter { $0[1] == Int64(tag.id) }.count)) } }
    }

    func tagNameUpper(id: Int32) async throws -> String? {
        locked { tags.first { $0.id == id }?.name.uppercased() }
    }

    func tagsLike(column1: String) async throws -> [String] {
        locked { tags.map(\.name).filter { $0.hasPrefix(column1) } }
    }

    func renameTag(name: String, id: Int32) async throws -> Tag? {
        locked {
            guard let index = tags.firstIndex(where: { $0.id == id }) else { return nil }
            tags[index].name = name
            return tags[index]
        }
    }
}
