import Database
import Jobs
import Logging
import PostgresNIO
import Storage
import Uploads

/// The job workers and every processor they run (inside `serve` and in `s3uploader worker`), the reaper among them.
extension ServiceGraph {
    static func workerPool(
        postgres: PostgresClient, store: any ObjectStore, configuration: DirectUploadConfiguration, logger: Logger
    ) -> WorkerPool {
        let queries = Queries(client: postgres, logger: logger)
        let records = FileRecords(queries: queries, webhook: configuration.webhook)
        let jobs = configuration.jobs
        return WorkerPool(
            client: postgres, settings: jobs,
            processors: [
                ProcessUploadProcessor(
                    queries: queries, store: store, records: records,
                    testDelayMilliseconds: jobs.testDelayMilliseconds, logger: logger),
                WebhookDeliveryProcessor(secret: jobs.webhookSecret, timeout: jobs.webhookTimeout, logger: logger),
                Reaper(
                    sweeps: UploadSweeps.all(queries: queries, records: records, store: store, settings: jobs, logger: logger)
                        + [FinishedJobsSweep(queries: queries, retention: jobs.doneJobRetention)],
                    interval: jobs.reaperInterval, logger: logger),
            ], logger: logger)
    }
}
