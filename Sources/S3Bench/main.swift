// s3bench: PutObject and UploadPart throughput of S3Client against one S3 endpoint, printed as one JSON line
// so scripts/bench-s3.sh can put it beside boto3's numbers.
//
// Environment: S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION_NAME (us-east-1); BENCH_PUT_MIB (16),
// BENCH_PUT_COUNT (16), BENCH_PART_MIB (16), BENCH_PARTS (16), BENCH_CONCURRENCY (4).
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import S3Client

let environment = ProcessInfo.processInfo.environment

func setting(_ name: String, _ fallback: Int) -> Int {
    environment[name].flatMap(Int.init) ?? fallback
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("s3bench: \(message)\n".utf8))
    exit(1)
}

guard let endpoint = environment["S3_ENDPOINT_URL"].flatMap(URL.init(string:)),
    let accessKey = environment["S3_ACCESS_KEY"], let secretKey = environment["S3_SECRET_KEY"]
else { fail("set S3_ENDPOINT_URL, S3_ACCESS_KEY and S3_SECRET_KEY") }

let mib = 1024 * 1024
let putSize = setting("BENCH_PUT_MIB", 16) * mib
let putCount = setting("BENCH_PUT_COUNT", 16)
let partSize = setting("BENCH_PART_MIB", 16) * mib
let partCount = setting("BENCH_PARTS", 16)
let concurrency = max(1, setting("BENCH_CONCURRENCY", 4))

/// Runs `count` jobs with at most `concurrency` at a time; returns the seconds it took.
func timed(count: Int, _ job: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<count {
            if index >= concurrency { try await group.next() }
            group.addTask { try await job(index) }
        }
        try await group.waitForAll()
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let client = try S3Client(
    configuration: S3Configuration(
        endpoint: endpoint, region: environment["S3_REGION_NAME"] ?? "us-east-1", forcePathStyle: true,
        credentials: S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey)),
    httpClient: .shared, logger: Logger(label: "s3bench"))
let bucket = "s3bench-" + UUID().uuidString.lowercased().prefix(12)
try await client.createBucket(bucket)

var generator = SystemRandomNumberGenerator()
let putBody = ByteBuffer(bytes: (0..<putSize).map { _ in UInt8.random(in: 0...255, using: &generator) })
let partBody = partSize == putSize ? putBody : ByteBuffer(bytes: (0..<partSize).map { _ in UInt8.random(in: 0...255, using: &generator) })

// Warm-up: one small request opens connections.
try await client.putObject(bucket: bucket, key: "warmup", body: ByteBuffer(string: "w"))

let putSeconds = try await timed(count: putCount) { index in
    try await client.putObject(bucket: bucket, key: "put/\(index)", body: putBody)
}

let uploadID = try await client.createMultipartUpload(bucket: bucket, key: "multipart")
let etags = ETagList(count: partCount)
let partSeconds = try await timed(count: partCount) { index in
    let etag = try await client.uploadPart(bucket: bucket, key: "multipart", uploadID: uploadID, partNumber: index + 1, body: partBody)
    etags.set(index, etag)
}
try await client.completeMultipartUpload(
    bucket: bucket, key: "multipart", uploadID: uploadID,
    parts: etags.all.enumerated().map { S3CompletedPart(partNumber: $0.offset + 1, etag: $0.element) })

let keys = try await client.listObjectKeys(bucket: bucket)
try await client.deleteObjects(bucket: bucket, keys: keys)
try await client.deleteBucket(bucket)

let putRate = Double(putSize * putCount) / Double(mib) / putSeconds
let partRate = Double(partSize * partCount) / Double(mib) / partSeconds
print(
    String(
        format: "{\"client\": \"swift\", \"put_mib_s\": %.1f, \"part_mib_s\": %.1f, \"put_seconds\": %.3f, \"part_seconds\": %.3f}",
        putRate, partRate, putSeconds, partSeconds))
