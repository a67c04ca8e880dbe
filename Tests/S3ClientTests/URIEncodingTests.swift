import Foundation
import Testing

@testable import S3Client

@Suite struct URIEncodingTests {
    @Test func pathKeepsSlashesAndUnreserved() {
        #expect(URIEncoding.encodePath("a/b/c.txt") == "a/b/c.txt")
        #expect(URIEncoding.encodePath("A-Z_a.z~0-9") == "A-Z_a.z~0-9")
    }

    @Test func pathEncodesEverythingElseOnce() {
        #expect(URIEncoding.encodePath("my file.txt") == "my%20file.txt")
        #expect(URIEncoding.encodePath("a+b=c") == "a%2Bb%3Dc")
        #expect(URIEncoding.encodePath("100%") == "100%25")
        #expect(URIEncoding.encodePath("%20") == "%2520")
        #expect(URIEncoding.encodePath("test$file.text") == "test%24file.text")
        #expect(URIEncoding.encodePath("!'()*&?#:@,;") == "%21%27%28%29%2A%26%3F%23%3A%40%2C%3B")
        #expect(URIEncoding.encodePath("dossier/été/日本.txt") == "dossier/%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC.txt")
        #expect(URIEncoding.encodePath("emoji 😀") == "emoji%20%F0%9F%98%80")
    }

    @Test func queryEncodesSlashToo() {
        #expect(URIEncoding.encode("a/b c+d~") == "a%2Fb%20c%2Bd~")
        #expect(URIEncoding.encode("") == "")
    }

    @Test func listingValuesDecodeBothSpaceForms() {
        #expect(URIEncoding.decodeListingValue("a%2Bb%20c%252F~%3D%C3%A9") == "a+b c%2F~=é")  // RGW
        #expect(URIEncoding.decodeListingValue("a%2Bb+c%252F~%3D%C3%A9") == "a+b c%2F~=é")  // SeaweedFS
        #expect(URIEncoding.decodeListingValue("ctl%01char") == "ctl\u{01}char")
        #expect(URIEncoding.decodeListingValue("bad%2") == nil)
        #expect(URIEncoding.decodeListingValue("%FF%FE") == nil)
    }

    @Test func canonicalQuerySortsByEncodedNameThenValue() {
        let query = SigV4Signer.canonicalQuery([("uploadId", "x/y+z=="), ("partNumber", "2"), ("a", "2"), ("a", "1"), ("uploads", "")])
        #expect(query == "a=1&a=2&partNumber=2&uploadId=x%2Fy%2Bz%3D%3D&uploads=")
    }
}

@Suite struct AddressingTests {
    static func client(_ endpoint: String?, region: String = "us-east-1", pathStyle: Bool) throws -> S3Client {
        try S3Client(
            configuration: S3Configuration(
                endpoint: endpoint.flatMap(URL.init(string:)), region: region, forcePathStyle: pathStyle,
                credentials: S3Credentials(accessKeyID: "A", secretAccessKey: "S")),
            httpClient: .shared, logger: .init(label: "t"))
    }

    @Test func awsEndpointsPerRegion() throws {
        let client = try Self.client(nil, region: "eu-west-3", pathStyle: false)
        #expect(try client.location(bucket: "my-bucket", key: "a b/c+d").host == "my-bucket.s3.eu-west-3.amazonaws.com")
        #expect(try client.location(bucket: "my-bucket", key: "a b/c+d").path == "/a%20b/c%2Bd")
        #expect(
            try Self.client(nil, region: "cn-north-1", pathStyle: false).location(bucket: "b1b", key: nil).host
                == "b1b.s3.cn-north-1.amazonaws.com.cn")
    }

    @Test func pathStyleKeepsTheEndpointPathAndPort() throws {
        let client = try Self.client("http://127.0.0.1:7480/base/", pathStyle: true)
        let location = try client.location(bucket: "bkt", key: "dir/ü ~=%.txt")
        #expect(location.host == "127.0.0.1:7480")
        #expect(location.path == "/base/bkt/dir/%C3%BC%20~%3D%25.txt")
    }

    @Test func virtualHostedFallsBackToPathStyleForNamesDNSCannotCarry() throws {
        let client = try Self.client("https://r2.example.com", pathStyle: false)
        #expect(try client.location(bucket: "ok-name", key: "k").host == "ok-name.r2.example.com")
        #expect(try client.location(bucket: "dotted.name", key: "k") == ("r2.example.com", "/dotted.name/k"))
        #expect(try client.location(bucket: "Upper_Case", key: "k").path == "/Upper_Case/k")
        #expect(
            try Self.client("http://127.0.0.1:9000", pathStyle: false).location(bucket: "bkt", key: "k") == ("127.0.0.1:9000", "/bkt/k"))
        #expect(try Self.client("http://localhost:9000", pathStyle: false).location(bucket: "bkt", key: "k").path == "/bkt/k")
        #expect(
            try Self.client("http://minio.local:9000", pathStyle: false).location(bucket: "bkt", key: "k").host == "bkt.minio.local:9000")
        #expect(throws: S3ClientError.invalidKey("")) { try client.location(bucket: "b", key: "") }
        #expect(throws: S3ClientError.invalidBucketName("a/b")) { try client.location(bucket: "a/b", key: "k") }
    }
}
