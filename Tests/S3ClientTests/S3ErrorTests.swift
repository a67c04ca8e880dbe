import AsyncHTTPClient
import Foundation
import Testing

@testable import S3Client

@Suite struct S3ErrorTests {
    @Test func decodesAnErrorDocument() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error>
              <Code>NoSuchKey</Code>
              <Message>The resource you requested does not exist &amp; never did</Message>
              <Resource>/mybucket/a&lt;b&gt;.jpg</Resource>
              <RequestId>4442587FB7D0A2F9</RequestId>
            </Error>
            """
        let error = S3Error.decode(statusCode: 404, body: Array(body.utf8))
        #expect(error.code == "NoSuchKey")
        #expect(error.message == "The resource you requested does not exist & never did")
        #expect(error.requestID == "4442587FB7D0A2F9")
        #expect(error.resource == "/mybucket/a<b>.jpg")
        #expect(error.statusCode == 404)
    }

    @Test func decodesRGWStyleErrorWithoutMessage() {
        let body =
            #"<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><BucketName>b</BucketName><RequestId>tx0000-01</RequestId><HostId>abc</HostId></Error>"#
        let error = S3Error.decode(statusCode: 403, body: Array(body.utf8), requestID: "header-id")
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message == nil)
        #expect(error.requestID == "tx0000-01")
    }

    @Test func bodylessErrorGetsACodeFromItsStatus() {
        #expect(S3Error.decode(statusCode: 404, body: []).code == "NotFound")
        #expect(S3Error.decode(statusCode: 403, body: [], requestID: "r1") == S3Error(code: "Forbidden", requestID: "r1", statusCode: 403))
        #expect(S3Error.decode(statusCode: 502, body: Array("<html>bad gateway</html>".utf8)).code == "HTTP502")
    }

    @Test func descriptionNamesCodeStatusAndRequest() {
        let error = S3Error(code: "AccessDenied", message: "Access Denied", requestID: "R", statusCode: 403)
        #expect("\(error)" == "S3 error 403 AccessDenied: Access Denied (request id R)")
    }
}

@Suite struct XMLElementNodeTests {
    @Test func parsesNestedElementsNamespacesCDATAAndEntities() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- comment -->
            <s3:InitiateMultipartUploadResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">
              <Bucket>b</Bucket><Key><![CDATA[a <raw> & key]]></Key>
              <UploadId>2~abc&#x2F;def&#47;</UploadId>
              <Empty/><Other attr="x>y">t</Other>
            </s3:InitiateMultipartUploadResult>
            """
        let root = try XMLElementNode.parse(Array(xml.utf8))
        #expect(root.name == "InitiateMultipartUploadResult")
        #expect(root.childText("Key") == "a <raw> & key")
        #expect(root.childText("UploadId") == "2~abc/def/")
        #expect(root.childText("Empty") == "")
        #expect(root.childText("Other") == "t")
        #expect(root.children.map(\.name) == ["Bucket", "Key", "UploadId", "Empty", "Other"])
    }

    @Test func rejectsMalformedDocuments() {
        #expect(throws: XMLParseError.self) { try XMLElementNode.parse(Array("<a><b></a>".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLElementNode.parse(Array("<a>".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLElementNode.parse(Array("not xml".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLElementNode.parse(Array("<a>&bogus;</a>".utf8)) }
    }

    @Test func escapesText() {
        #expect(xmlEscaped("\"etag\" <&>") == "&quot;etag&quot; &lt;&amp;&gt;")
    }
}

@Suite struct RetryPolicyTests {
    @Test func fullJitterStaysUnderTheExponentialCeiling() {
        let policy = S3RetryPolicy(maximumAttempts: 10, baseDelay: 0.1, maximumDelay: 1)
        for retry in 1...8 {
            let ceiling = min(1, 0.1 * pow(2, Double(retry - 1)))
            let delays = (0..<200).map { _ in policy.delay(beforeRetry: retry) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(Set(delays).count > 100, "jittered, not fixed")
        }
    }

    @Test func classifiesAnswers() {
        let policy = S3RetryPolicy()
        for (status, code) in [(503, "SlowDown"), (500, "InternalError"), (502, "HTTP502"), (504, "HTTP504"), (400, "RequestTimeout")] {
            #expect(policy.isRetryable(S3Error(code: code, statusCode: status)), "\(status) \(code)")
        }
        for (status, code) in [
            (403, "AccessDenied"), (403, "SignatureDoesNotMatch"), (404, "NoSuchKey"), (400, "BadDigest"), (412, "PreconditionFailed"),
        ] {
            #expect(!policy.isRetryable(S3Error(code: code, statusCode: status)), "\(status) \(code)")
        }
    }

    @Test func lostConnectionsAreRetriedOnlyWhenSafe() {
        let policy = S3RetryPolicy()
        #expect(policy.isRetryable(transportError: HTTPClientError.remoteConnectionClosed, idempotent: true))
        #expect(!policy.isRetryable(transportError: HTTPClientError.remoteConnectionClosed, idempotent: false))
        #expect(policy.isRetryable(transportError: HTTPClientError.connectTimeout, idempotent: false))
        #expect(policy.isRetryable(transportError: HTTPClientError.deadlineExceeded, idempotent: true))
        #expect(!policy.isRetryable(transportError: HTTPClientError.invalidURL, idempotent: true))
        #expect(!policy.isRetryable(transportError: CancellationError(), idempotent: true))
    }

    @Test func httpDatesRoundTrip() {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_369_353_600)) == "Fri, 24 May 2013 00:00:00 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 951_825_599)) == "Tue, 29 Feb 2000 11:59:59 GMT")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(HTTPDate.parse(HTTPDate.format(now)) == now)
    }
}
