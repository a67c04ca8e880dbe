#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connection through libpq, loaded at run time (`dlopen`), so building sqlgen needs no PostgreSQL
/// headers and only `sqlgen check` needs the library (Debian: libpq5, macOS: Homebrew libpq).
/// libpq's Parse/Describe (`PQprepare` + `PQdescribePrepared`) types a query without running it.
final class LibPQ {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A statement as the server typed it: parameter and result column type OIDs.
    struct Description {
        struct Column {
            var name: String
            var type: UInt32
            /// The table and column number when the column is a plain table column (0 otherwise).
            var table: UInt32
            var attribute: Int32
        }
        var parameters: [UInt32]
        var columns: [Column]
    }

    private typealias ConnectDB = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Status = @convention(c) (OpaquePointer?) -> Int32
    private typealias ErrorMessage = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    private typealias Finish = @convention(c) (OpaquePointer?) -> Void
    private typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Prepare =
        @convention(c) (OpaquePointer?, UnsafePointer<CChar>, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?) -> OpaquePointer?
    private typealias DescribePrepared = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Count = @convention(c) (OpaquePointer?) -> Int32
    private typealias Indexed = @convention(c) (OpaquePointer?, Int32) -> UInt32
    private typealias IndexedInt = @convention(c) (OpaquePointer?, Int32) -> Int32
    private typealias FieldName = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<CChar>?
    private typealias GetValue = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafePointer<CChar>?
    private typealias GetIsNull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32

    private let connection: OpaquePointer
    private let finish: Finish
    private let exec: Exec
    private let prepare: Prepare
    private let describePrepared: DescribePrepared
    private let resultStatus: Status
    private let resultError: ErrorMessage
    private let clear: Finish
    private let nparams: Count
    private let paramtype: Indexed
    private let nfields: Count
    private let fname: FieldName
    private let ftype: Indexed
    private let ftable: Indexed
    private let ftablecol: IndexedInt
    private let ntuples: Count
    private let getvalue: GetValue
    private let getisnull: GetIsNull

    /// Connects with a libpq connection string or `postgres://` URL.
    init(url: String) throws {
        let names = [
            "libpq.so.5", "libpq.so", "libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib",
            "/usr/local/opt/libpq/lib/libpq.5.dylib",
        ]
        guard let library = names.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first else {
            throw Failure(description: "sqlgen check needs libpq (apt-get install libpq5, brew install libpq)")
        }
        func load<T>(_ name: String, as type: T.Type) throws -> T {
            guard let symbol = dlsym(library, name) else { throw Failure(description: "libpq has no \(name)") }
            return unsafeBitCast(symbol, to: type)
        }
        let connect = try load("PQconnectdb", as: ConnectDB.self)
        let status = try load("PQstatus", as: Status.self)
        let errorMessage = try load("PQerrorMessage", as: ErrorMessage.self)
        finish = try load("PQfinish", as: Finish.self)
        exec = try load("PQexec", as: Exec.self)
        prepare = try load("PQprepare", as: Prepare.self)
        describePrepared = try load("PQdescribePrepared", as: DescribePrepared.self)
        resultStatus = try load("PQresultStatus", as: Status.self)
        resultError = try load("PQresultErrorMessage", as: ErrorMessage.self)
        clear = try load("PQclear", as: Finish.self)
        nparams = try load("PQnparams", as: Count.self)
        paramtype = try load("PQparamtype", as: Indexed.self)
        nfields = try load("PQnfields", as: Count.self)
        fname = try load("PQfname", as: FieldName.self)
        ftype = try load("PQftype", as: Indexed.self)
        ftable = try load("PQftable", as: Indexed.self)
        ftablecol = try load("PQftablecol", as: IndexedInt.self)
        ntuples = try load("PQntuples", as: Count.self)
        getvalue = try load("PQgetvalue", as: GetValue.self)
        getisnull = try load("PQgetisnull", as: GetIsNull.self)
        guard let connection = connect(url) else { throw Failure(description: "cannot allocate a libpq connection") }
        guard status(connection) == 0 else {  // CONNECTION_OK
            let message = errorMessage(connection).map { String(cString: $0) } ?? "?"
            finish(connection)
            throw Failure(description: "cannot connect: \(message.trimmingTrailingNewlines)")
        }
        self.connection = connection
    }

    deinit { finish(connection) }

    /// Runs SQL text (several statements allowed) and returns the last result's rows as text.
    @discardableResult
    func run(_ sql: String) throws -> [[String?]] {
        let result = exec(connection, sql)
        defer { clear(result) }
        try check(result)
        return (0..<ntuples(result)).map { row in
            (0..<nfields(result)).map { column in
                getisnull(result, row, column) != 0 ? nil : getvalue(result, row, column).map { String(cString: $0) }
            }
        }
    }

    /// Parameter and column types of `sql` as the server infers them, without running it.
    func describe(_ sql: String, name: String) throws -> Description {
        let prepared = prepare(connection, name, sql, 0, nil)
        defer { clear(prepared) }
        try check(prepared)
        let result = describePrepared(connection, name)
        defer { clear(result) }
        try check(result)
        let parameters = (0..<nparams(result)).map { paramtype(result, $0) }
        let columns = (0..<nfields(result)).map { index in
            Description.Column(
                name: fname(result, index).map { String(cString: $0) } ?? "?", type: ftype(result, index),
                table: ftable(result, index), attribute: ftablecol(result, index))
        }
        try run("DEALLOCATE \"\(name)\"")
        return Description(parameters: parameters, columns: columns)
    }

    private func check(_ result: OpaquePointer?) throws {
        // PGRES_COMMAND_OK = 1, PGRES_TUPLES_OK = 2
        guard let result, [1, 2].contains(resultStatus(result)) else {
            let message = result.flatMap { resultError($0) }.map { String(cString: $0) } ?? "no result"
            throw Failure(description: message.trimmingTrailingNewlines)
        }
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
