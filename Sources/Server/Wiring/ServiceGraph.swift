import Database
import Foundation
import Logging
import Storage
import Uploads

/// The composition root: every service the routes use, built once from the configuration and the
/// clients. The only place that decides which store, queries and settings each service gets; the job
/// workers' processors are built beside it (`ServiceGraph+Workers`).
struct ServiceGraph: Sendable {
    let library: FileLibrary
    let uploads: FileUploadService
    let direct: DirectUploadService
    /// This server's `/objects` endpoint, which receives what the local backend's presigned grants send.
    let localReceiver: LocalObjectReceiver?
    let chunks: ChunkedUploadService
    let tus: TusUploadService

    init(configuration: ServerConfiguration, queries: Queries, store: any ObjectStore, logger: Logger) {
        let budget = BufferBudget(capacity: configuration.uploadBufferBytes)
        let records = FileRecords(queries: queries, webhook: configuration.directUploads.webhook)
        library = FileLibrary(queries: queries, records: records, store: store, logger: logger)
        uploads = FileUploadService(records: records, store: store, budget: budget, settings: configuration.uploads, logger: logger)

        var presigned = configuration.directUploads.settings
        presigned.maximumUploadBytes = configuration.uploads.maximumUploadBytes
        let presigning: (any PresigningStore)?
        if var local = store as? LocalStore {
            // Grants point at this server as clients reach it; servers sharing a disk share the key.
            let base = configuration.directUploads.publicBaseURL ?? "http://\(configuration.host):\(configuration.port)"
            local.endpoint =
                configuration.directUploads.localSigningSecret.map { LocalObjectEndpoint(baseURL: base, secret: Array($0.utf8)) }
                ?? .random(baseURL: base)
            presigning = local
            localReceiver = LocalObjectReceiver(store: local, logger: logger)
        } else {
            presigning = store as? any PresigningStore
            localReceiver = nil
        }
        let target: any DirectUploadTarget = presigning.map { PresignedUploadTarget(store: $0) } ?? NoPresigning()
        direct = DirectUploadService(queries: queries, store: store, target: target, settings: presigned, records: records, logger: logger)

        let resumable = configuration.resumableUploads
        chunks = ChunkedUploadService(
            queries: queries, records: records, store: store, budget: budget, settings: configuration.uploads,
            callback: resumable.mainServiceCallback,
            logger: logger)
        tus = TusUploadService(
            queries: queries, records: records, store: store, budget: budget, settings: configuration.uploads,
            expiresAfter: resumable.tusExpiresAfter,
            logger: logger)
    }
}

/// A store that can't presign (a test double wrapping a backend): presigned uploads are refused.
private struct NoPresigning: DirectUploadTarget {
    func grant(method: DirectUploadMethod, key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> DirectUploadGrant
    {
        throw DirectUploadError.invalidRequest(["method": "This storage backend can't take presigned uploads."])
    }
}
