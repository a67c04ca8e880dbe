import Foundation
import Logging
import NIOCore
import Storage

/// The local backend's `/objects` endpoint: stores a presigned upload after checking its grant (the
/// store's `LocalObjectEndpoint` signed it), exact size and content type, like S3 does for a presigned
/// POST policy. The bytes stream into the store (multipart above one part), never collected in memory.
public struct LocalObjectReceiver: Sendable {
    private let store: LocalStore
    private let budget: BufferBudget
    private let logger: Logger

    public init(store: LocalStore, logger: Logger) {
        self.store = store
        self.budget = BufferBudget(capacity: 64 * 1024 * 1024)
        self.logger = logger
    }

    /// `GET /objects/{key}?expires=&signature=`: the object (or the inclusive `range` of it) that a
    /// presigned GET names. Throws `DirectUploadError.invalidSignature`, `ObjectStoreError.notFound`.
    public func download(key: String, query: [String: String], range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        guard let expires = query["expires"].flatMap({ Int64($0) }), let signature = query["signature"] else {
            throw DirectUploadError.invalidSignature("The download grant is incomplete.")
        }
        do {
            try store.endpoint.verifyDownload(key: key, expires: expires, signature: signature)
        } catch let error as LocalGrantError {
            throw DirectUploadError.invalidSignature(error.reason(for: "download"))
        }
        return try await store.getObject(key: key, range: range)
    }

    /// `PUT /objects/{key}?size=&content-type=&expires=&signature=` with the raw bytes.
    public func receivePut<Body: AsyncSequence>(
        key: String, query: [String: String], contentType: String?, body: Body
    ) async throws where Body.Element == ByteBuffer {
        let grant = try Grant(
            key: key, size: query["size"], contentType: query["content-type"], expires: query["expires"],
            signature: query["signature"], endpoint: store.endpoint)
        guard contentType == grant.contentType else {
            throw DirectUploadError.invalidSignature("Content-Type must be \(grant.contentType).")
        }
        let stream = makeStream(grant)
        do {
            for try await chunk in body { try await write(chunk, to: stream, grant: grant) }
            try await finish(stream, grant: grant)
        } catch {
            await stream.abort(logger: logger)
            throw error
        }
    }

    /// `POST /objects` as `multipart/form-data`: the grant's fields, then the part named `file`.
    public func receiveForm<Body: AsyncSequence>(contentType: String?, body: Body) async throws -> String
    where Body.Element == ByteBuffer {
        guard let boundary = MultipartContentType.boundary(of: contentType), var parser = try? MultipartFormParser(boundary: boundary)
        else {
            throw DirectUploadError.bodyRejected("Send the form as multipart/form-data.")
        }
        var fields: [String: String] = [:]
        var fieldBytes = 0
        var current: (name: String, value: [UInt8])?
        var upload: (grant: Grant, stream: ObjectUploadStream)?
        var inFile = false
        do {
            for try await buffer in body {
                let events: [MultipartFormEvent]
                do { events = try parser.parse(buffer) } catch { throw DirectUploadError.bodyRejected("The form is malformed: \(error).") }
                for event in events {
                    switch event {
                    case .partBegin(let headers):
                        guard upload == nil else { throw DirectUploadError.bodyRejected("The file must be the last part of the form.") }
                        if headers.name == "file" {
                            let grant = try Grant(
                                key: fields["key"] ?? "", size: fields["x-upload-size"], contentType: fields["content-type"],
                                expires: fields["x-upload-expires"], signature: fields["x-upload-signature"], endpoint: store.endpoint)
                            upload = (grant, makeStream(grant))
                            inFile = true
                        } else {
                            current = ((headers.name ?? "").lowercased(), [])
                        }
                    case .bodyChunk(let chunk):
                        if inFile, let upload {
                            try await write(chunk, to: upload.stream, grant: upload.grant)
                        } else {
                            fieldBytes += chunk.readableBytes
                            guard fieldBytes <= 64 * 1024 else { throw DirectUploadError.bodyRejected("The form fields are too large.") }
                            current?.value += Array(chunk.readableBytesView)
                        }
                    case .partEnd:
                        if inFile, let upload {
                            try await finish(upload.stream, grant: upload.grant)
                            inFile = false
                        } else if let field = current {
                            fields[field.name] = String(decoding: field.value, as: UTF8.self)
                            current = nil
                        }
                    }
                }
            }
            guard parser.isComplete, let upload, !inFile else {
                throw DirectUploadError.bodyRejected("The form has no complete part named \"file\".")
            }
            return upload.grant.key
        } catch {
            if let upload { await upload.stream.abort(logger: logger) }
            throw error
        }
    }

    private func makeStream(_ grant: Grant) -> ObjectUploadStream {
        ObjectUploadStream(
            store: store, key: grant.key, contentType: grant.contentType,
            partSize: max(store.minimumPartSize, 8 * 1024 * 1024), maximumPartsInFlight: 2, budget: budget)
    }

    private func write(_ chunk: ByteBuffer, to stream: ObjectUploadStream, grant: Grant) async throws {
        guard stream.bytesWritten + Int64(chunk.readableBytes) <= grant.size else {
            throw DirectUploadError.bodyRejected("The file is larger than the \(grant.size) bytes the grant allows.")
        }
        try await stream.write(chunk)
    }

    private func finish(_ stream: ObjectUploadStream, grant: Grant) async throws {
        guard stream.bytesWritten == grant.size else {
            throw DirectUploadError.bodyRejected("The file has \(stream.bytesWritten) bytes; the grant is for exactly \(grant.size).")
        }
        _ = try await stream.finish()
    }

    /// A verified grant.
    struct Grant {
        var key: String
        var size: Int64
        var contentType: String

        init(key: String, size: String?, contentType: String?, expires: String?, signature: String?, endpoint: LocalObjectEndpoint) throws {
            guard key.hasPrefix(DirectUploadSettings.temporaryPrefix), let size = size.flatMap({ Int64($0) }), let contentType,
                let expires = expires.flatMap({ Int64($0) }), let signature
            else {
                throw DirectUploadError.invalidSignature("The upload grant is incomplete.")
            }
            do {
                try endpoint.verifyUpload(key: key, size: size, contentType: contentType, expires: expires, signature: signature)
            } catch let error as LocalGrantError {
                throw DirectUploadError.invalidSignature(error.reason(for: "upload"))
            }
            self.key = key
            self.size = size
            self.contentType = contentType
        }
    }
}

extension LocalGrantError {
    /// A problem's detail: "The upload signature does not match.", "The download grant has expired."
    func reason(for request: String) -> String {
        switch self {
        case .signatureMismatch: "The \(request) signature does not match."
        case .expired: "The \(request) grant has expired."
        }
    }
}
