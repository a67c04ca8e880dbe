import Testing

@testable import SQLGenKit

/// Composite types (`CREATE TYPE ... AS (...)`) become Swift structs.
struct CompositeTypeTests {
    static let schema = """
        CREATE TYPE mood AS ENUM ('ok');
        CREATE TYPE price AS (currency text, cents bigint, day date, mood mood);
        CREATE TYPE tagged AS (tags text[]);
        CREATE TABLE products (id int PRIMARY KEY, price price NOT NULL, prices price[]);
        """

    @Test func aCompositeIsAStructCodedAsARecord() throws {
        let analysis = try analyze(
            schema: Self.schema.replacingOccurrences(of: ", prices price[]", with: ""),
            queries: "-- name: P :many\nSELECT price FROM products WHERE price = $1::price;")
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let models = try #require(generator.emit(analysis).first { $0.name == "Models.swift" }?.content)
        #expect(
            models.contains(
                "public struct Price: Sendable, Hashable, Codable {\n    public var currency: String?\n    public var cents: Int64?\n"))
        #expect(
            models.contains(
                "CompositeLiteral.text([currency?.copyText, cents?.copyText, day.map(CopyDateColumn.date.text), mood?.rawValue])"))
        #expect(models.contains("self.cents = try fields.next(Int64?.self, context: context)"))
        #expect(models.contains("public var price: Price\n"))
        #expect(!models.contains("struct Tagged"), "array fields are not supported: no struct")
        #expect(query("P", in: analysis)?.parameters.first?.type == SQLType("price"))
    }

    @Test func arraysOfCompositesAndUncastComparisonsNeedHelp() {
        let arrays = diagnostics(schema: Self.schema, queries: "")
        #expect(arrays.first?.contains("column products.prices has type price, which has no Swift type yet") == true)
        let compared = diagnostics(
            schema: Self.schema.replacingOccurrences(of: ", prices price[]", with: ""),
            queries: "-- name: P :many\nSELECT id FROM products WHERE price = $1;")
        #expect(compared.first?.contains("price in P has type record, which has no Swift type yet") == true)
    }
}
