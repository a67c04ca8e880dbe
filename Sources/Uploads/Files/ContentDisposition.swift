import Foundation

/// `Content-Disposition: attachment` for a download (RFC 6266): an ASCII `filename` fallback for
/// clients that don't read RFC 8187 (curl -OJ, old browsers) and the exact name as `filename*`.
public enum ContentDisposition {
    public static func attachment(fileName: String) -> String {
        "attachment; filename=\"\(asciiFallback(fileName))\"; filename*=\(ExtendedParameterValue.encode(fileName))"
    }

    /// The name as readable ASCII: letters lose their accents (`é` → `e`), compatibility forms become
    /// their plain letters (`ﬁ` → `fi`), common signs take their usual ASCII spelling (`–` → `-`,
    /// `ß` → `ss`), and what has none becomes `_`. Quotes, backslashes and `%` (which some clients
    /// percent-decode) become `_` too, so the value is a plain quoted-string.
    static func asciiFallback(_ fileName: String) -> String {
        var fallback = ""
        for scalar in fileName.unicodeScalars {
            if scalar.isASCII {
                fallback += plainASCII(scalar)
            } else if let spelled = spellings[scalar] {
                fallback += spelled
            } else {
                // Compatibility decomposition (NFKD) splits `é` into `e` and a combining accent, which is
                // dropped; anything still outside ASCII has no readable spelling here.
                for part in String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars {
                    if part.isASCII {
                        fallback += plainASCII(part)
                    } else if let spelled = spellings[part] {
                        fallback += spelled
                    } else if part.properties.generalCategory != .nonspacingMark {
                        fallback += "_"
                    }
                }
            }
        }
        return fallback
    }

    private static func plainASCII(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x20...0x7E where scalar != "\"" && scalar != "\\" && scalar != "%": String(scalar)
        default: "_"
        }
    }

    /// Letters and punctuation that no decomposition turns into ASCII, with the spelling a reader
    /// expects. Symbols such as `€` are left out: no ASCII spelling of them reads the same everywhere.
    private static let spellings: [Unicode.Scalar: String] = [
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2015}": "-",
        "\u{2212}": "-", "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": "'", "\u{201B}": "'",
        "\u{201C}": "'", "\u{201D}": "'", "\u{201E}": "'", "\u{00AB}": "'", "\u{00BB}": "'",
        "\u{2039}": "'", "\u{203A}": "'", "\u{2022}": "-", "\u{00B7}": "-", "\u{00D7}": "x",
        "\u{00A0}": " ", "\u{00DF}": "ss", "\u{1E9E}": "SS", "\u{00E6}": "ae", "\u{00C6}": "AE",
        "\u{0153}": "oe", "\u{0152}": "OE", "\u{00F8}": "o", "\u{00D8}": "O", "\u{0142}": "l",
        "\u{0141}": "L", "\u{0111}": "d", "\u{0110}": "D", "\u{00F0}": "d", "\u{00D0}": "D",
        "\u{00FE}": "th", "\u{00DE}": "Th", "\u{0131}": "i", "\u{0127}": "h", "\u{0126}": "H",
    ]
}
