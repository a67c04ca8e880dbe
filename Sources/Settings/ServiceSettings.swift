/// Every setting of the service, each declared once in the `ServiceSettings+…` files, and which of them
/// each command reads. The order here is the order of the README table and of `--help`.
public enum ServiceSettings {
    public static let all: [AnySetting] =
        general + storage + tokens + uploads + presignedUploads + jobs + webhooks + reaper + resumableUploads

    /// `serve` runs everything: the API, and job workers unless `WORKERS` is 0.
    public static let serve: [AnySetting] = all

    /// `worker` runs job workers only: processing, webhook delivery, the reaper.
    public static let worker: [AnySetting] =
        [settingsFile.erased, databaseURL.erased, logLevel.erased] + storage + jobs.filter { $0.name != jobMaxAttempts.name } + webhooks
        + reaper + [chunkedSessionExpiresSeconds.erased]

    /// `migrate` only needs the database.
    public static let migrate: [AnySetting] = [settingsFile.erased, databaseURL.erased, logLevel.erased]
}
