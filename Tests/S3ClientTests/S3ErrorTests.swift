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
        let body = #"<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><BucketName>b</BucketName><RequestId>tx0000-01</RequestId><HostId>abc</HostId></Error>"#
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
