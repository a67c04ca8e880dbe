import Foundation
import PostgresNIO

/// A PostgreSQL multirange (`int4multirange`, ..., `datemultirange`): ranges in order, none
/// overlapping or adjacent (the server merges them so).
public struct SQLMultirange<Bound: PostgresDecodable & CopyTextField & Hashable & Sendable & Codable>: Sendable, Hashable, Codable {
    public var ranges: [SQLRange<Bound>]

    public init(_ ranges: [SQLRange<Bound>]) {
        self.ranges = ranges
    }
}

extension SQLMultirange: UntypedTextLiteral, PostgresDecodable {
    /// `{[1,3),[5,7)}`, `{}`.
    public var copyText: String {
        "{" + ranges.filter { !$0.isEmpty }.map(\.copyText).joined(separator: ",") + "}"
    }

    /// multirange_send: the number of ranges, then each as a length and its range_send bytes.
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        let rangeTypes: [PostgresDataType: PostgresDataType] = [
            PostgresDataType(4451): .int4Range, PostgresDataType(4536): .int8Range, PostgresDataType(4532): .numrange,
            PostgresDataType(4533): .tsrange, PostgresDataType(4534): .tstzrange, PostgresDataType(4535): .daterange,
        ]
        guard format == .binary, let rangeType = rangeTypes[type], let count = buffer.readInteger(as: Int32.self), count >= 0 else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        var ranges: [SQLRange<Bound>] = []
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self), length >= 0, var bytes = buffer.readSlice(length: Int(length)) else {
                throw PostgresDecodingError.Code.failure
            }
            ranges.append(try SQLRange<Bound>(from: &bytes, type: rangeType, format: .binary, context: context))
        }
        self.init(ranges)
    }
}
