import Foundation
import LabCore
import Testing
@testable import LabFormats

private typealias F = FlowFixture

/// Cases found by running the parser on real FlowJo / FACSDiva exports (hand-written minimal tables, no copies).
@Suite("Flow: values and columns that are not results")
struct FlowValueTests {
    @Test("Infinity is undefined; typed placeholders and decimal commas are quarantined; nothing becomes a valueless event")
    func placeholders() throws {
        let run = try F.run(",L | Mean (Comp-PE-A),L | CV (Comp-PE-A),L | Count\n"
                            + "S1.fcs,-12.5,Infinity,-\nS2.fcs,12.5,-Infinity,ND\nS3.fcs,\u{2014},+infinity,\u{2013}\nS4.fcs,\"12,5\",INF,<5\n")
        #expect(run.observations.map { $0.value } == [.reported("-12.5"), .reported("12.5"), .reported("<5")])
        #expect(run.ignoredCount(.flowStatisticUndefined) == 4)
        #expect(run.quarantined.map(\.0.code) == Array(repeating: .valueUnparseable, count: 5))
        #expect(run.quarantined.map(\.1).contains("S2.fcs\tL | Count\tND"))
        #expect(run.outputs.count == 12)
    }
}
