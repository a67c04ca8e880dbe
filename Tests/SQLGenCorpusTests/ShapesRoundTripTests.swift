import Database
import TestSupport
import Testing

/// The geometric types (scalars and arrays, box arrays with their `;` delimiter): COPY and bound
/// parameters store the same values, and the server's operators read them as their text says.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct ShapesRoundTripTests {
    static func point(_ x: Double, _ y: Double) -> SQLPoint { SQLPoint(x: x, y: y) }

    static let full = CopyShapesParams(
        anchor: point(1.5, -2.25),
        edge: SQLLineSegment(start: point(0, 0), end: point(3, 4)),
        bounds: SQLBox(point(-1, 5), point(4, -2)),  // kept as upper right (4,5), lower left (-1,-2)
        guide: SQLLine(a: 1, b: -1, c: 0.5),
        reach: SQLCircle(center: point(1, 1), radius: 2.5),
        route: SQLPath(points: [point(0, 0), point(1, 1), point(2, 0)], isClosed: false),
        outline: SQLPolygon(points: [point(0, 0), point(0, 1e-7), point(1e10, 0)]),
        stops: [point(0.1, 0.2), point(-0.3, 1e300)],
        tiles: [SQLBox(point(0, 0), point(1, 1)), SQLBox(point(2, 2), point(3, 3))])
    static let sparse = CopyShapesParams(
        anchor: point(0, 0), edge: nil, bounds: nil, guide: nil, reach: nil,
        route: SQLPath(points: [point(5, 5)], isClosed: true), outline: nil, stops: [], tiles: nil)

    static func params(_ row: Shape) -> CopyShapesParams {
        CopyShapesParams(
            anchor: row.anchor, edge: row.edge, bounds: row.bounds, guide: row.guide, reach: row.reach,
            route: row.route, outline: row.outline, stops: row.stops, tiles: row.tiles)
    }

    @Test func copyAndBoundParametersStoreTheSameValues() async throws {
        try await CorpusSchema.withQueries { q in
            #expect(try await q.copyShapes([Self.full, Self.sparse]) == 2)
            for row in [Self.full, Self.sparse] {
                let inserted = try await q.insertShape(
                    anchor: row.anchor, edge: row.edge, bounds: row.bounds, guide: row.guide, reach: row.reach,
                    route: row.route, outline: row.outline, stops: row.stops, tiles: row.tiles)
                #expect(Self.params(try #require(inserted)) == row)
            }
            let stored = try await q.listShapes().map(Self.params)
            #expect(stored == [Self.full, Self.sparse, Self.full, Self.sparse])
        }
    }

    @Test func theServerReadsThemAsTheirTextSays() async throws {
        try await CorpusSchema.withQueries { q in
            _ = try await q.copyShapes([Self.full, Self.sparse])
            // Inside the box from (-1,-2) to (4,5) and within 2.5 of (1,1); the sparse row has neither.
            #expect(try await q.shapesAround(probe: Self.point(2, 2)).map(\.anchor) == [Self.full.anchor])
            #expect(try await q.shapesAround(probe: Self.point(3.9, 4.9)).isEmpty, "in the box, outside the circle")
            #expect(try await q.shapesAround(probe: Self.point(-1.5, 0)).isEmpty, "outside the box")
            #expect(Self.full.bounds?.description == "(4.0,5.0),(-1.0,-2.0)")
            #expect(Self.full.route?.description == "[(0.0,0.0),(1.0,1.0),(2.0,0.0)]" && Self.sparse.route?.description == "((5.0,5.0))")
            #expect(Self.full.tiles?.copyText == #"{"(1.0,1.0),(0.0,0.0)";"(3.0,3.0),(2.0,2.0)"}"#)
        }
    }
}
