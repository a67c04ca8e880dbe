import Database
import Foundation
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// `:batchexec`, `:batchone`, `:batchmany` against a live PostgreSQL: all statements sent at once on
/// one connection (one round trip), results in order, the failing element named, all or nothing.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct BatchRoundTripTests {
    @Test func resultsComeBackInOrder() async throws {
        try await CorpusSchema.withQueries { q in
            let codes = (0..<300).map { "code \($0)" }
            try await q.batchInsertLabels(codes.map { BatchInsertLabelsParams(shortCode: $0, label: "label of \($0)") })
            #expect(try await q.countTypedValues() == 300)
            let lookups = codes.reversed().map { BatchLabelByCodeParams(shortCode: $0) } + [BatchLabelByCodeParams(shortCode: "missing")]
            let found = try await q.batchLabelByCode(lookups)
            #expect(found.count == 301 && found.last! == nil)
            #expect(found.dropLast().map { $0?.label } == codes.reversed().map { "label of \($0)" })

            _ = try await q.copyLabelsReversed((0..<30).map { CopyLabelsReversedParams(label: "n\($0 % 3)", normal: Int32($0 % 3)) })
            let groups = try await q.batchLabelsByNormal([2, 7, 0, 1].map { BatchLabelsByNormalParams(normal: $0) })
            #expect(groups.map(\.count) == [10, 0, 10, 10])
            #expect(groups[0].allSatisfy { $0 == "n2" } && groups[2].allSatisfy { $0 == "n0" })
            #expect(try await q.batchLabelByCode([]).isEmpty)
        }
    }

    @Test func aFailingElementIsNamedAndOnAClientNothingIsApplied() async throws {
        try await CorpusSchema.withQueries { q in
            let batch = ["a", "b", "a", "c"].map { BatchInsertLabelsParams(shortCode: $0, label: nil) }  // short_code is UNIQUE
            let error = await #expect(throws: QueryBatchError.self) { try await q.batchInsertLabels(batch) }
            #expect(error?.index == 2)
            #expect((error?.underlying as? PostgresServerError)?.sqlState == "23505")
            #expect((error?.underlying as? PostgresServerError)?.constraintName == "typed_values_short_code_key")
            #expect(try await q.countTypedValues() == 0, "the batch is one transaction on a client")
            try await q.batchInsertLabels(Array(batch.prefix(2)))
            #expect(try await q.countTypedValues() == 2, "the connection is usable again")
        }
    }

    @Test func onAConnectionTheBatchJoinsItsTransaction() async throws {
        try await CorpusSchema.withQueries { q in
            let batch = ["x", "y", "x"].map { BatchInsertLabelsParams(shortCode: $0, label: nil) }
            await #expect(throws: QueryBatchError.self) {
                try await q.withTransaction { tx in try await tx.batchInsertLabels(batch) }
            }
            #expect(try await q.countTypedValues() == 0)
            try await q.withTransaction { tx in
                try await tx.batchInsertLabels(Array(batch.prefix(2)))
                #expect(try await tx.batchLabelByCode([BatchLabelByCodeParams(shortCode: "y")]).first??.id != nil)
            }
            #expect(try await q.countTypedValues() == 2)
        }
    }

    @Test func aBatchIsOneRoundTripWhateverItsLength() async throws {
        try await CorpusSchema.withDatabase { url in
            let upstream: SocketAddress =
                switch url.endpoint {
                case .tcp(let host, let port): try SocketAddress.makeAddressResolvingHost(host, port: port)
                case .unixSocket(let path): try SocketAddress(unixDomainSocketPath: path)
                }
            let proxy = try await TurnCountingProxy(upstream: upstream)
            var viaProxy = url
            viaProxy.endpoint = .tcp(host: "127.0.0.1", port: proxy.port)
            viaProxy.sslMode = .disable
            try await ScratchDatabase.withClient(configuration: viaProxy.configuration) { client in
                var queued = Queries(client: client, logger: ScratchDatabase.logger)
                queued.pipelinesBatches = false
                for (queries, pipelined) in [(Queries(client: client, logger: ScratchDatabase.logger), true), (queued, false)] {
                    try await queries.onOneConnection { q in
                        let codes = (0..<40).map { "\(pipelined) \($0)" }
                        _ = try await q.countTypedValues()  // the connection is open
                        proxy.reset()
                        try await q.batchInsertLabels(codes.map { BatchInsertLabelsParams(shortCode: $0, label: $0) })
                        let found = try await q.batchLabelByCode(codes.map { BatchLabelByCodeParams(shortCode: $0) })
                        #expect(found.map { $0?.label } == codes)
                        if pipelined {
                            // Two batches, one write each (a write the proxy happens to read in two pieces
                            // with an answer in between would count twice).
                            #expect((2...4).contains(proxy.turns), "one round trip per batch, not \(proxy.turns)")
                        } else {
                            #expect(proxy.turns >= 80, "a round trip per statement")
                        }
                    }
                }
            }
            try await proxy.close()
        }
    }

    @Test func rowsAndErrorsOfEveryKindComeBackPipelined() async throws {
        try await CorpusSchema.withQueries { q in
            // Results larger than one read, NULLs, and a statement failing after some succeeded.
            let long = String(repeating: "x", count: 300_000)
            try await q.batchInsertLabels((0..<20).map { BatchInsertLabelsParams(shortCode: "c\($0)", label: $0 % 2 == 0 ? long : nil) })
            let found = try await q.batchLabelByCode((0..<20).map { BatchLabelByCodeParams(shortCode: "c\($0)") })
            #expect(found.map { $0?.label } == (0..<20).map { $0 % 2 == 0 ? long : nil })
            let error = await #expect(throws: QueryBatchError.self) {
                try await q.batchInsertLabels([
                    BatchInsertLabelsParams(shortCode: "new", label: nil), BatchInsertLabelsParams(shortCode: "c3", label: nil),
                ])
            }
            #expect(error?.index == 1)
            #expect(try await q.countTypedValues() == 20)
            #expect(try await q.batchLabelByCode([BatchLabelByCodeParams(shortCode: "c1")]).first??.label == nil, "usable afterwards")
        }
    }
}
