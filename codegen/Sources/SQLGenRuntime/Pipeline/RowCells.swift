import PostgresNIO

/// The cells of one result row, by column index: what generated row decoders read, whether the row
/// came from PostgresNIO (`PostgresRandomAccessRow`) or from a pipelined batch (`BatchRow`).
public protocol RowCells {
    subscript(index: Int) -> PostgresCell { get }
}

extension PostgresRandomAccessRow: RowCells {}

/// A row of a pipelined batch's result.
public struct BatchRow: RowCells, Sendable {
    public let cells: [PostgresCell]

    public init(cells: [PostgresCell]) {
        self.cells = cells
    }

    /// A row PostgresNIO decoded (a batch that was not pipelined).
    public init(_ row: PostgresRow) {
        self.cells = Array(row.makeRandomAccess())
    }

    public subscript(index: Int) -> PostgresCell { cells[index] }
}
