import Database
import Logging
import Storage
import Uploads

/// The chunk API's and tus's services, from the configuration. What they leave behind is removed by the
/// one reaper (`JobProcessors.sweeps`).
struct ResumableUploadWiring {
    let chunks: ChunkedUploadService
    let tus: TusUploadService

    init(configuration: ServerConfiguration, store: any ObjectStore, queries: Queries, budget: BufferBudget, logger: Logger) {
        let settings = configuration.resumableUploads
        chunks = ChunkedUploadService(
            queries: queries, store: store, budget: budget, settings: configuration.uploads,
            callback: settings.mainServiceCallback, logger: logger)
        tus = TusUploadService(
            queries: queries, store: store, budget: budget, settings: configuration.uploads,
            expiresAfter: settings.tusExpiresAfter, logger: logger)
    }
}
