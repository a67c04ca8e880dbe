import Database
import Foundation
import Logging
import Storage
import Uploads

/// Builds the presigned-upload service for the configured store: S3 presigned POST/PUT, or grants for
/// this server's own `/objects` endpoint on the local backend (with its receiver).
struct DirectUploadWiring {
    let service: DirectUploadService
    let localReceiver: LocalObjectReceiver?

    init(configuration: ServerConfiguration, store: any ObjectStore, queries: Queries, logger: Logger) {
        var settings = configuration.directUploads.settings
        settings.maximumUploadBytes = configuration.uploads.maximumUploadBytes
        let target: any DirectUploadTarget
        if let s3 = store as? S3Store {
            target = S3DirectUploadTarget(store: s3)
            localReceiver = nil
        } else {
            let signer = configuration.directUploads.localSigningSecret.map { LocalUploadSigner(secret: Array($0.utf8)) } ?? .random()
            let base = configuration.directUploads.publicBaseURL ?? "http://\(configuration.host):\(configuration.port)"
            target = LocalDirectUploadTarget(baseURL: base, signer: signer)
            localReceiver = LocalObjectReceiver(store: store, signer: signer, logger: logger)
        }
        service = DirectUploadService(
            queries: queries, store: store, target: target, settings: settings,
            transitions: UploadTransitions(webhook: configuration.directUploads.webhook), logger: logger)
    }
}
