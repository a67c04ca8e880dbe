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

    @Test func canonicalQuerySortsByEncodedNameThenValue() {
        let query = SigV4Signer.canonicalQuery([("uploadId", "x/y+z=="), ("partNumber", "2"), ("a", "2"), ("a", "1"), ("uploads", "")])
        #expect(query == "a=1&a=2&partNumber=2&uploadId=x%2Fy%2Bz%3D%3D&uploads=")
    }
}
