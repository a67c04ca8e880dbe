import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Every generated function of Tests/SQLGenCorpus/shop against a live PostgreSQL (a schema shaped by
/// ALTER TABLE: renamed table and column, SET NOT NULL, type change, added and dropped columns).
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct ShopRoundTripTests {
    @Test func customers() async throws {
        try await CorpusSchema.withQueries { q in
            let grace = try #require(try await q.createCustomer(name: "Grace", email: "grace@navy.mil", phoneNumber: nil))
            #expect(grace.credit == 0 && grace.phoneNumber == nil)
            let alan = try #require(try await q.createCustomer(name: "Alan", email: "alan@npl.uk", phoneNumber: "+44"))
            #expect(try await q.getCustomer(id: grace.id) == grace)
            #expect(try await q.findCustomerByEmail(email: "alan@npl.uk")?.id == alan.id)
            #expect(try await q.listCustomers(limit: 10).map(\.name) == ["Alan", "Grace"])
            try await q.renameCustomer(id: alan.id, name: "Alan T")
            #expect(try await q.addCredit(credit: Decimal(string: "10.25")!, id: grace.id) == Decimal(string: "10.25"))
            #expect(try await q.customersWithCreditAbove(credit: 10).map(\.id) == [grace.id])
            #expect(try await q.customerPhones() == ["+44"])
            #expect(try await q.searchCustomers(namePrefix: nil, minCredit: nil, pageSize: 10).count == 2)
            #expect(try await q.searchCustomers(namePrefix: "Al", minCredit: nil, pageSize: 10).map(\.id) == [alan.id])
            #expect(try await q.searchCustomers(namePrefix: nil, minCredit: 5, pageSize: 10).map(\.id) == [grace.id])
            #expect(try await q.customerCount() == 2)
            #expect(try await q.customerSince(id: grace.id) == grace.createdAt)
            #expect(try await q.customerEmailDomain(id: grace.id) == "navy.mil")
            #expect(try await q.customersWithoutOrders().count == 2)
            #expect(try await q.deleteCustomer(id: alan.id) == 1)
        }
    }

    @Test func productsAndOrders() async throws {
        try await CorpusSchema.withQueries { q in
            let attributes = JSONValue.object(["color": .string("red"), "size": .number(42)])
            let widget = try #require(
                try await q.createProduct(
                    sku: "W-1", title: "Widget", priceCents: 1999, stock: 5,
                    attributes: attributes, keywords: ["tool", "red"]))
            #expect(widget.price == Decimal(string: "19.99") && widget.attributes == attributes && widget.keywords == ["tool", "red"])
            let plain = try #require(
                try await q.createProduct(sku: "P-1", title: "Plain", priceCents: 100, stock: 0, attributes: nil, keywords: nil))
            #expect(plain.attributes == nil && plain.keywords == nil)
            #expect(try await q.getProduct(sku: "W-1") == widget)
            #expect(try await q.productPrice(sku: "P-1") == 1)
            #expect(Set(try await q.productsBySKUs(skus: ["W-1", "P-1", "X"]).map(\.sku)) == ["W-1", "P-1"])
            #expect(try await q.productsWithKeyword(keyword: "tool") == ["W-1"])
            #expect(try await q.restockProduct(amount: 3, sku: "P-1") == 1)
            #expect(try await q.productsLowOnStock(stock: 4).map(\.stock) == [3])
            #expect(try await q.productAttribute(sku: "W-1") == "red")
            #expect(try await q.productAttribute(sku: "P-1") == nil)
            #expect(try await q.productsWithAttribute(attributes: .object(["color": .string("red")])) == ["W-1"])
            try await q.setAttributes(attributes: nil, sku: "W-1")
            #expect(try await q.getProduct(sku: "W-1")?.attributes == nil)
            #expect(try await q.productsPriceBetween(minCents: 1000, maxCents: 3000).map(\.sku) == ["W-1"])
            #expect(try await q.productKeywordCount(sku: "W-1") == 2)
            #expect(try await q.productKeywordCount(sku: "P-1") == nil)

            let customer = try #require(try await q.createCustomer(name: "C", email: "c@example.com", phoneNumber: nil))
            let order = try #require(try await q.createOrder(customerID: customer.id, note: "gift"))
            #expect(order.state == .open)
            try await q.addOrderLine(orderID: order.id, sku: "W-1", quantity: 2, unitCents: 1999, discountCents: 10)
            try await q.addOrderLine(orderID: order.id, sku: "P-1", quantity: 1, unitCents: 100, discountCents: 0)
            #expect(try await q.getOrder(id: order.id)?.note == "gift")
            #expect(try await q.setOrderState(id: order.id, state: .paid)?.state == .paid)
            #expect(try await q.shipOrder(tracking: "TRACK", id: order.id) == 1)
            #expect(try await q.getOrder(id: order.id)?.shippedAt != nil)
            #expect(try await q.ordersOfCustomer(customerID: customer.id).map(\.state) == [.shipped])
            let joined = try #require(try await q.orderWithCustomer(id: order.id))
            #expect(joined.order.tracking == "TRACK" && joined.customer == customer)
            #expect(Set(try await q.orderLines(orderID: order.id).map(\.title)) == ["Widget", "Plain"])
            #expect(try await q.orderTotal(orderID: order.id) == 2 * 1999 + 100)
            #expect(try await q.customerTotals().first?.spent == Decimal(2 * 1999 + 100))
            #expect(try await q.ordersInStates(states: [.shipped, .cancelled]) == [order.id])
            #expect(try await q.ordersWithOptionalTracking(customerID: customer.id).first?.tracking == "TRACK")
            #expect(try await q.cancelOpenOrders(placedAt: Date(timeIntervalSinceNow: 60)) == 0)
            #expect(try await q.orderNotes(limit: 10, offset: 0).map(\.note) == ["gift"])
            #expect(Set(try await q.orderLineValue(orderID: order.id).map(\.valueCents)) == [2 * 1999 - 10, 100])
            #expect(try await q.ordersAndLineCount().first?.lines == 2)
            #expect(try await q.deleteOrderLines(orderID: order.id, skus: ["P-1"]) == 1)
            try await q.deleteProduct(sku: "P-1")
            #expect(try await q.getProduct(sku: "P-1") == nil)
        }
    }
}
