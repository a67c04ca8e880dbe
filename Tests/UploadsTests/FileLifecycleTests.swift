import Database
import Testing
import Uploads

/// Every (status, event) pair of a stored file's lifecycle, allowed and refused, against the
/// lifecycle written out here by hand.
@Suite("File lifecycle")
struct FileLifecycleTests {
    /// The allowed changes, as the README describes them; an event that leads to the current status is
    /// a repetition (a retried job, a repeated confirm) and allowed.
    static let expected: [UploadStatus: [FileEvent: UploadStatus]] = [
        .pending: [.received: .uploaded, .expired: .expired, .failed: .error],
        .uploading: [.completed: .completed, .expired: .expired, .failed: .error],
        .uploaded: [.received: .uploaded, .processingStarted: .processing, .completed: .completed, .failed: .error],
        .processing: [.processingStarted: .processing, .completed: .completed, .failed: .error],
        .completed: [.completed: .completed, .deleted: .deleted],
        .error: [.failed: .error],
        .expired: [.expired: .expired],
        .deleted: [.deleted: .deleted],
    ]

    static let statuses: [UploadStatus] = [.pending, .uploading, .uploaded, .processing, .completed, .error, .expired, .deleted]

    @Test(arguments: statuses)
    func everyEventFrom(_ status: UploadStatus) {
        for event in FileEvent.allCases {
            let after = FileLifecycle.status(after: event, from: status)
            #expect(after == Self.expected[status]?[event], "\(event) from \(status)")
        }
    }

    @Test func repeatingAnEventIsAllowedWhereItsStatusIs() {
        #expect(FileLifecycle.status(after: .processingStarted, from: .processing) == .processing)
        #expect(FileLifecycle.status(after: .received, from: .uploaded) == .uploaded)
    }

    @Test func everyStatusButTheStartingOnesIsReachedByOneEvent() {
        for status in Self.statuses {
            let event = FileEvent(reaching: status)
            if status == .pending || status == .uploading {
                #expect(event == nil)
            } else {
                #expect(event?.target == status)
            }
        }
    }
}
