import Database
import Testing

struct DatabaseURLTests {
    @Test func parsesATCPURL() throws {
        let url = try DatabaseURL("postgres://app:s%40cret@db.example:6543/uploads?sslmode=require")
        #expect(url.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(url.username == "app")
        #expect(url.password == "s@cret")
        #expect(url.database == "uploads")
        #expect(url.sslMode == .require)
        #expect(!url.description.contains("cret"))
    }

    @Test func defaultsPortAndSSLMode() throws {
        let url = try DatabaseURL("postgresql://app@localhost/uploads")
        #expect(url.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(url.password == nil)
        #expect(url.sslMode == .prefer)
    }

    @Test func parsesAUnixSocketFolder() throws {
        let url = try DatabaseURL("postgres://app@/uploads?host=/run/postgresql&port=5433")
        #expect(url.endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5433"))
        #expect(url.database == "uploads")
        let encoded = try DatabaseURL("postgres://app@%2Ftmp%2Fpg/db")
        #expect(encoded.endpoint == .unixSocket(path: "/tmp/pg/.s.PGSQL.5432"))
    }

    @Test(arguments: [
        ("mysql://app@host/db", "scheme"),
        ("postgres://host/db", "user"),
        ("postgres://app@host/db?sslmode=sometimes", "sslmode"),
        ("not a url", "URL"),
        ("postgres://app@/db", "host"),
    ])
    func refusesBadURLs(input: String, mentioning word: String) {
        #expect {
            try DatabaseURL(input)
        } throws: { error in
            "\(error)".contains(word)
        }
    }
}
