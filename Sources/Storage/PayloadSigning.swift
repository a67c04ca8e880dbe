import S3Client

/// Whether object and part bodies sent to S3 carry their SHA-256 in the signature (`S3_PAYLOAD_SIGNING`).
/// Named here so that settings and wiring choose it without reaching past the storage layer.
public typealias PayloadSigning = S3PayloadSigning
