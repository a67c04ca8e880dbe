import Database
import Foundation
import Logging
import Storage
import Uploads

/// Builds the presigned-upload service for the configured store: the store presigns (S3's POST policy
/// and PUT URL, or the local backend's grants), and on the local backend this server's own `/objects`
/// endpoint receives what the grants send.
struct DirectUploadWiring {
    let service: DirectUploadService
    let localReceiver: LocalObjectReceiver?

    init(configuration: ServerConfiguration, store: any ObjectStore, queries: Queries, logger: Logger) {
        var settings = configuration.directUploads.settings
        settings.maximumUploadBytes = configuration.uploads.maximumUploadBytes
        let presigning: (any PresigningStore)?
        if var local = store as? LocalStore {
            // Grants point at this server as clients reach it; servers sharing a disk share the key.
            let base = configuration.directUploads.publicBaseURL ?? "http://\(configuration.host):\(configuration.port)"
            local.endpoint = configuration.directUploads.localSigningSecret.map { LocalObjectEndpoint(baseURL: base, secret: Array($0.utf8)) }
                ?? .random(baseURL: base)
            presigning = local
            localReceiver = LocalObjectReceiver(store: local, logger: logger)
        } else {
            presigning = store as? any PresigningStore
            localReceiver = nil
        }
        let target: any DirectUploadTarget = presigning.map { PresignedUploadTarget(store: $0) } ?? NoPresigning()
        service = DirectUploadService(
            queries: queries, store: store, target: target, settings: settings,
            records: FileRecords(queries: queries, webhook: configuration.directUploads.webhook), logger: logger)
    }
}

/// A store that can't presign (a test double wrapping a backend): presigned uploads are refused.
private struct NoPresigning: DirectUploadTarget {
    func grant(method: DirectUploadMethod, key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> DirectUploadGrant {
        throw DirectUploadError.invalidRequest(["method": "This storage backend can't take presigned uploads."])
    }
}
