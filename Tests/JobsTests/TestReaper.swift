import Database
import Jobs
import Storage
import Uploads

extension JobsTestDatabase {
    /// The reaper with the sweeps the service runs.
    static func reaper(_ queries: Queries, store: any ObjectStore, settings: JobSettings) -> Reaper {
        Reaper(
            sweeps: UploadSweeps.all(queries: queries, records: FileRecords(queries: queries), store: store, settings: settings, logger: logger)
                + [FinishedJobsSweep(queries: queries, retention: settings.doneJobRetention)],
            interval: settings.reaperInterval, logger: logger)
    }
}
