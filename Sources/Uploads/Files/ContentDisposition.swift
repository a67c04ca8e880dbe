/// `Content-Disposition: attachment` for a download (RFC 6266): an ASCII `filename` fallback for old
/// clients and the exact name as RFC 8187 `filename*`.
public enum ContentDisposition {
    public static func attachment(fileName: String) -> String {
        var fallback = ""
        for scalar in fileName.unicodeScalars {
            switch scalar.value {
            case 0x20...0x7E where scalar != "\"" && scalar != "\\" && scalar != "%": fallback.unicodeScalars.append(scalar)
            default: fallback.append("_")
            }
        }
        return "attachment; filename=\"\(fallback)\"; filename*=\(ExtendedParameterValue.encode(fileName))"
    }
}
