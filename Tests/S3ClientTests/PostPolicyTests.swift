import AsyncHTTPClient
import Foundation
import Logging
import Testing

@testable import S3Client

/// The AWS S3 API reference example "Browser-Based Upload using HTTP POST (Using AWS Signature Version 4)":
/// the published base64 policy and its signature, and the shape of our own policies.
@Suite struct PostPolicyTests {
    static let credentials = S3Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let dec29 = Date(timeIntervalSince1970: 1_451_347_200)  // 2015-12-29T00:00:00Z

    static let publishedPolicy =
        "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9"

    @Test func publishedExampleSignature() throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        #expect(
            signer.signPolicy(base64Policy: Self.publishedPolicy, date: Self.dec29)
                == "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e")
        #expect(signer.credentialScope(date: Self.dec29) == "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request")
        let policy = String(decoding: try #require(Data(base64Encoded: Self.publishedPolicy)), as: UTF8.self)
        #expect(policy.contains("{\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request\"}"))
        // A different day's key signs differently.
        #expect(
            signer.signPolicy(base64Policy: Self.publishedPolicy, date: Self.dec29.addingTimeInterval(86400))
                != "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e")
    }

    static func client(sessionToken: String? = nil, pathStyle: Bool = false) throws -> S3Client {
        var credentials = Self.credentials
        credentials.sessionToken = sessionToken
        return try S3Client(
            configuration: S3Configuration(endpoint: nil, region: "us-east-1", forcePathStyle: pathStyle, credentials: credentials),
            httpClient: .shared, logger: Logger(label: "test"))
    }

    @Test func presignedPostHasBoto3Shape() async throws {
        let post = try await Self.client().presignedPost(
            bucket: "sigv4examplebucket", key: "user/user1/${filename}", expiresIn: 129_600,
            fields: ["Content-Type": "image/jpeg", "x-amz-meta-uuid": "14365123651274"],
            conditions: [
                .startsWith("Content-Type", "image/"), .equals("x-amz-meta-uuid", "14365123651274"),
                .contentLengthRange(1...10_485_760),
            ],
            date: Self.dec29)
        #expect(post.url == "https://sigv4examplebucket.s3.us-east-1.amazonaws.com/")
        #expect(
            Set(post.fields.keys) == [
                "key", "Content-Type", "x-amz-meta-uuid", "x-amz-algorithm", "x-amz-credential",
                "x-amz-date", "policy", "x-amz-signature",
            ])
        #expect(post.fields["key"] == "user/user1/${filename}")
        #expect(post.fields["x-amz-date"] == "20151229T000000Z")
        let base64 = try #require(post.fields["policy"])
        let policyData = try #require(Data(base64Encoded: base64))
        let policyText = String(decoding: policyData, as: UTF8.self)
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(policyText.utf8)) as? [String: Any])
        #expect(policy["expiration"] as? String == "2015-12-30T12:00:00Z")
        let conditions = try #require(policy["conditions"] as? [Any])
        let rendered = conditions.map { "\($0)" }.joined(separator: "|")
        #expect(rendered.contains("starts-with"))
        #expect(policyText.contains(#"["starts-with", "$key", "user/user1/"]"#))
        #expect(policyText.contains(#"{"bucket": "sigv4examplebucket"}"#))
        #expect(policyText.contains(#"["content-length-range", 1, 10485760]"#))
        #expect(policyText.contains(#"["starts-with", "$Content-Type", "image/"]"#))
        #expect(policyText.contains(#"{"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"}"#))
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        #expect(post.fields["x-amz-signature"] == signer.signPolicy(base64Policy: post.fields["policy"]!, date: Self.dec29))
        // The answer encodes as {"url": ..., "fields": {...}}.
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(post)) as? [String: Any]
        #expect(json?["url"] as? String == post.url)
        #expect((json?["fields"] as? [String: String])?["policy"] == post.fields["policy"])
    }

    @Test func exactKeySessionTokenAndPathStyle() async throws {
        let post = try await Self.client(sessionToken: "FQoG/token+=", pathStyle: true).presignedPost(
            bucket: "b", key: "k \"quoted\" é", date: Self.dec29)
        #expect(post.url == "https://s3.us-east-1.amazonaws.com/b")
        #expect(post.fields["x-amz-security-token"] == "FQoG/token+=")
        let policyText = String(decoding: Data(base64Encoded: post.fields["policy"]!)!, as: UTF8.self)
        #expect(policyText.contains(#"{"key": "k \"quoted\" é"}"#))
        #expect(policyText.contains(#"{"x-amz-security-token": "FQoG/token+="}"#))
        #expect(try JSONSerialization.jsonObject(with: Data(policyText.utf8)) is [String: Any])
    }

    @Test func expiryIsBounded() async throws {
        await #expect(throws: S3ClientError.invalidPresignExpiry(604_801)) {
            _ = try await Self.client().presignedPost(bucket: "b", key: "k", expiresIn: 604_801)
        }
    }
}
