/// The caller of a request, as proven by a verified bearer token.
public struct AuthenticatedUser: Sendable, Hashable {
    /// The token's `sub` claim: the user id stored with every upload.
    public let id: String

    public init(id: String) {
        self.id = id
    }
}
