import Database
import Jobs
import Storage
import TestSupport
import Uploads

extension Reaper {
    /// The reaper with the sweeps the service runs.
    static func withServiceSweeps(_ queries: Queries, store: any ObjectStore, settings: JobSettings) -> Reaper {
        Reaper(
            sweeps: UploadSweeps.all(
                queries: queries, records: FileRecords(queries: queries), store: store, settings: settings, logger: ScratchDatabase.logger)
                + [FinishedJobsSweep(queries: queries, retention: settings.doneJobRetention)],
            interval: settings.reaperInterval, logger: ScratchDatabase.logger)
    }
}
