import Database

/// A status change the file lifecycle does not allow (`FileLifecycle`), whichever flow asked for it.
public struct FileLifecycleError: Error, Sendable, Equatable {
    public var from: UploadStatus
    public var to: UploadStatus

    public init(from: UploadStatus, to: UploadStatus) {
        self.from = from
        self.to = to
    }
}
