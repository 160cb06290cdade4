import ArborCore
import ArborSearch
import Testing

/// The next phase as the status line names it: values rounded as everywhere on screen.
@Test func aPhaseNamesItsValueWithTwoDecimals() {
    #expect(
        SearchPhase.backUp(path: [.root, NodeID(4)], value: 0.5166666666666667).description == "back up 0.52 from n4")
    #expect(SearchPhase.expand(path: [.root, NodeID(2)]).description == "expand n2")
    #expect(SearchPhase.commit(.iterations, leaf: nil).description == "commit (iterations)")
}
