import Foundation

/// Part ETags filled in by concurrent uploads.
final class ETagList: @unchecked Sendable {
    private let lock = NSLock()
    private var etags: [String]

    init(count: Int) {
        etags = Array(repeating: "", count: count)
    }

    func set(_ index: Int, _ etag: String) {
        lock.lock()
        etags[index] = etag
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return etags
    }
}
