/// Items of a paginated S3 listing as an `AsyncSequence`: pages are fetched one at a time, when the
/// previous one is used up, until the server says the listing is complete.
public struct S3PageSequence<Element: Sendable, Marker: Sendable>: AsyncSequence, Sendable {
    public typealias Fetch = @Sendable (_ marker: Marker?) async throws -> (items: [Element], next: Marker?)

    let fetch: Fetch

    init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: Fetch
        var buffer: [Element] = []
        var index = 0
        var marker: Marker?
        var finished = false

        public mutating func next() async throws -> Element? {
            while index == buffer.count {
                if finished { return nil }
                let page = try await fetch(marker)
                buffer = page.items
                index = 0
                marker = page.next
                finished = page.next == nil
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// Every item, read into an array.
    public func collect() async throws -> [Element] {
        var items: [Element] = []
        for try await item in self { items.append(item) }
        return items
    }
}
