/// Whether the bodies of PutObject and UploadPart are covered by the signature (`x-amz-content-sha256`
/// is their SHA-256) or sent as `UNSIGNED-PAYLOAD`.
///
/// A signed payload costs a SHA-256 pass over every byte here and another on the server, which checks
/// it; an unsigned one relies on the transport for integrity. The AWS SDKs sign payloads over HTTP and
/// leave them unsigned over HTTPS, where TLS already protects them: `.automatic` does the same. Small
/// bodies of other requests (CompleteMultipartUpload, DeleteObjects) are always signed.
public enum S3PayloadSigning: String, Sendable, Hashable, CaseIterable {
    /// Unsigned over `https`, signed over `http`.
    case automatic = "auto"
    case signed
    case unsigned

    /// Whether a bulk body sent to an endpoint with this URL scheme is signed.
    public func signsPayload(scheme: String) -> Bool {
        switch self {
        case .automatic: scheme.lowercased() != "https"
        case .signed: true
        case .unsigned: false
        }
    }
}
