import Foundation
import Logging
import ServiceLifecycle
import Uploads

/// Every `interval`: removes expired unfinished tus uploads (parts, tail objects, rows) and chunk
/// sessions idle for `chunkedSessionIdle` (temporary chunks, rows).
struct ResumableUploadReaper: Service {
    let tus: TusUploadService
    let chunks: ChunkedUploadService
    let chunkedSessionIdle: TimeInterval
    let interval: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await reapOnce()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {}
    }

    func reapOnce() async {
        do {
            let uploads = try await tus.reapExpired()
            let sessions = try await chunks.reapAbandoned(idleFor: chunkedSessionIdle)
            if uploads + sessions > 0 {
                logger.info("abandoned resumable uploads removed", metadata: ["tus_uploads": "\(uploads)", "chunk_sessions": "\(sessions)"])
            }
        } catch is CancellationError {
        } catch {
            logger.error("resumable upload reaper failed", metadata: ["error": "\(error)"])
        }
    }
}
