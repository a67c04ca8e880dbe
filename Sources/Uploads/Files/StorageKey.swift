import Foundation

/// Object keys of stored files: `{user_id}/{file_id}/{file_name}`, each segment percent-encoded where
/// it could break the layout (a `/` in a token's subject, a leading `.` that could make `..`).
public enum StorageKey {
    public static func forFile(userID: String, fileID: UUID, fileName: String) -> String {
        "\(segment(userID))/\(fileID.uuidString.lowercased())/\(segment(fileName))"
    }

    static func segment(_ value: String) -> String {
        var bytes: [UInt8] = []
        for (offset, byte) in value.utf8.enumerated() {
            if byte >= 0x80 || isSafeASCII(byte) && !(offset == 0 && byte == UInt8(ascii: ".")) {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: Array(("%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)).utf8))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isSafeASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return " -_.~@+=,()!'".utf8.contains(byte)
        }
    }
}
