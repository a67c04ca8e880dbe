import Foundation
import S3Client

extension S3Store: MultipartListingStore {
    /// ListMultipartUploads over the whole bucket. A store that doesn't implement the call has nothing
    /// to list (the `uploading` rows still lead to the uploads this service started).
    public func multipartUploads(initiatedBefore cutoff: Date) async throws -> [PendingMultipartUpload] {
        var uploads: [PendingMultipartUpload] = []
        do {
            for try await upload in client.listMultipartUploads(bucket: bucket) {
                guard let initiated = upload.initiated, initiated < cutoff else { continue }
                uploads.append(PendingMultipartUpload(key: upload.key, uploadID: upload.uploadID, initiated: initiated))
            }
        } catch let error as S3Error where error.code == "NotImplemented" {
            return uploads
        } catch {
            throw Self.storeError(for: error)
        }
        return uploads
    }
}
