import Testing

@testable import Uploads

/// Clients that read only `filename=` (curl -OJ) get a readable ASCII name; `filename*` stays exact.
@Suite("Content-Disposition ASCII fallback")
struct ContentDispositionFallbackTests {
    @Test func accentsAndDashesBecomeTheirPlainLetters() {
        #expect(
            ContentDisposition.attachment(fileName: "résumé – café.txt")
                == #"attachment; filename="resume - cafe.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%80%93%20caf%C3%A9.txt"#)
    }

    @Test(arguments: [
        ("Ångström Müller.pdf", "Angstrom Muller.pdf"),
        ("straße “quoted” naïve.txt", "strasse 'quoted' naive.txt"),
        ("Łódź Œuvre ﬁn.doc", "Lodz OEuvre fin.doc"),
        ("Ærø — København.jpg", "AEro - Kobenhavn.jpg"),
        ("日本語.txt", "___.txt"),
        ("100% \"raw\" \\ back.txt", "100_ _raw_ _ back.txt"),
    ])
    func fallbacks(name: String, expected: String) {
        #expect(ContentDisposition.asciiFallback(name) == expected)
        #expect(ContentDisposition.attachment(fileName: name).hasSuffix("filename*=" + ExtendedParameterValue.encode(name)))
    }
}
