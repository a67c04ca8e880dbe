import AsyncHTTPClient
import Foundation
import Logging
import Testing

@testable import S3Client

/// The examples published in the S3 API reference ("Signature Calculations for the Authorization Header"
/// and "Query String Authentication"): bucket `examplebucket`, 2013-05-24T00:00:00Z, us-east-1.
@Suite struct SigV4SignerTests {
    static let credentials = S3Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
    static let may24 = Date(timeIntervalSince1970: 1_369_353_600)
    static let host = "examplebucket.s3.amazonaws.com"

    static func authorization(_ request: SigV4Request, payloadHash: String) -> String? {
        signer.signedHeaders(for: request, payloadHash: payloadHash, date: may24).first { $0.name == "authorization" }?.value
    }

    @Test func getObjectWithRange() {
        let request = SigV4Request(
            method: "GET", host: Self.host, encodedPath: "/test.txt",
            headers: [("Range", "bytes=0-9")])
        #expect(
            Self.authorization(request, payloadHash: SigV4Signer.emptyPayloadHash)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func putObject() {
        let body = "Welcome to Amazon S3."
        let hash = SigV4Signer.payloadHash(body.utf8)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SigV4Request(
            method: "PUT", host: Self.host, encodedPath: "/" + URIEncoding.encodePath("test$file.text"),
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")])
        #expect(
            Self.authorization(request, payloadHash: hash)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func getBucketLifecycle() {
        let request = SigV4Request(method: "GET", host: Self.host, encodedPath: "/", query: [("lifecycle", "")])
        #expect(
            Self.authorization(request, payloadHash: SigV4Signer.emptyPayloadHash)?.hasSuffix(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                    + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test func listObjectsSortsTheQuery() {
        let request = SigV4Request(
            method: "GET", host: Self.host, encodedPath: "/",
            query: [("prefix", "J"), ("max-keys", "2")])
        #expect(
            Self.authorization(request, payloadHash: SigV4Signer.emptyPayloadHash)?.hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func presignedGetURL() throws {
        let query = try Self.signer.presignedQuery(
            for: SigV4Request(method: "GET", host: Self.host, encodedPath: "/test.txt"), expires: 86400, date: Self.may24)
        #expect(
            query == "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func clientBuildsTheSamePresignedURLVirtualHosted() async throws {
        let client = try S3Client(
            configuration: S3Configuration(
                endpoint: URL(string: "https://s3.amazonaws.com"), region: "us-east-1",
                forcePathStyle: false, credentials: Self.credentials),
            httpClient: HTTPClient.shared, logger: Logger(label: "test"))
        let url = try await client.presignedURL(.get, bucket: "examplebucket", key: "test.txt", expiresIn: 86400, date: Self.may24)
        #expect(url.absoluteString.hasPrefix("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm="))
        #expect(
            url.absoluteString.hasSuffix(
                "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
    }

    @Test func presignRejectsExpiryBeyondSevenDays() {
        let request = SigV4Request(method: "PUT", host: Self.host, encodedPath: "/a")
        #expect(throws: S3ClientError.invalidPresignExpiry(604_801)) {
            try Self.signer.presignedQuery(for: request, expires: 604_801, date: Self.may24)
        }
        #expect(throws: S3ClientError.invalidPresignExpiry(0)) {
            try Self.signer.presignedQuery(for: request, expires: 0, date: Self.may24)
        }
        #expect((try? Self.signer.presignedQuery(for: request, expires: 604_800, date: Self.may24)) != nil)
    }

    @Test func sessionTokenIsSentAndSigned() throws {
        var credentials = Self.credentials
        credentials.sessionToken = "token/with+chars="
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
        let request = SigV4Request(method: "GET", host: Self.host, encodedPath: "/test.txt")
        let headers = signer.signedHeaders(for: request, payloadHash: SigV4Signer.emptyPayloadHash, date: Self.may24)
        #expect(headers.contains { $0.name == "x-amz-security-token" && $0.value == "token/with+chars=" })
        let authorization = try #require(headers.first { $0.name == "authorization" }?.value)
        #expect(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
        let unsigned = Self.authorization(request, payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(authorization != unsigned)

        let presigned = try signer.presignedQuery(for: request, expires: 60, date: Self.may24)
        #expect(presigned.contains("&X-Amz-Security-Token=token%2Fwith%2Bchars%3D&"))
    }

    @Test func headerValuesAreTrimmedAndNamesLowercased() {
        let spaced = SigV4Request(
            method: "GET", host: Self.host, encodedPath: "/test.txt",
            headers: [("RANGE", "  bytes=0-9  ")])
        #expect(
            Self.authorization(spaced, payloadHash: SigV4Signer.emptyPayloadHash)?.hasSuffix(
                "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41") == true)
    }

    @Test func amzDateFormatsUTC() {
        #expect(AmzDate(Date(timeIntervalSince1970: 0)).dateTime == "19700101T000000Z")
        #expect(AmzDate(Date(timeIntervalSince1970: 951_782_400)).dateTime == "20000229T000000Z")
        #expect(AmzDate(Date(timeIntervalSince1970: 4_102_444_799.9)).dateTime == "20991231T235959Z")
        #expect(AmzDate(Date(timeIntervalSince1970: 1_369_400_645)).date == "20130524")
    }
}
