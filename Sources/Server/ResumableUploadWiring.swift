import Database
import Logging
import ServiceLifecycle
import Storage
import Uploads

/// The chunk API's and tus's services and their background reaper, from the configuration.
struct ResumableUploadWiring {
    let chunks: ChunkedUploadService
    let tus: TusUploadService
    let services: [any Service]

    init(configuration: ServerConfiguration, store: any ObjectStore, queries: Queries, budget: BufferBudget, logger: Logger) {
        let settings = configuration.resumableUploads
        chunks = ChunkedUploadService(
            queries: queries, store: store, budget: budget, settings: configuration.uploads,
            callback: settings.mainServiceCallback, logger: logger)
        tus = TusUploadService(
            queries: queries, store: store, budget: budget, settings: configuration.uploads,
            expiresAfter: settings.tusExpiresAfter, logger: logger)
        var services: [any Service] = []
        if settings.reapInterval > 0 {
            services.append(ResumableUploadReaper(
                tus: tus, chunks: chunks, chunkedSessionIdle: settings.chunkedSessionExpiresAfter,
                interval: .milliseconds(Int64(settings.reapInterval * 1000)), logger: logger))
        }
        self.services = services
    }
}
