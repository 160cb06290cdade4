import Testing

@testable import ArborModels

@Suite struct ActionParserTests {
    let parser = ActionParser()

    static let parsed: [(String, String)] = [
        ("click [12]", "click [12]"),
        ("CLICK [12]", "click [12]"),
        ("Click [ 12 ]", "click [12]"),
        ("Action: click [3]", "click [3]"),
        ("action: Click(3)", "click [3]"),
        ("In summary, the next action I will perform is ```click [12]```", "click [12]"),
        ("Let me think.\n```\ntype [7] \"red bike\"\n```", "type [7] \"red bike\""),
        ("```text\nselect [4] \"Price: low to high\"\n```", "select [4] \"Price: low to high\""),
        ("First ```click [1]``` was wrong. In summary ```click [2]```", "click [2]"),
        ("```nothing here``` so: click [5]", "click [5]"),
        ("I could click [4].\nBut better: click [9]", "click [9]"),
        ("type [7] [red bike] [press_enter_after=1]", "type [7] \"red bike\""),
        ("type [7] 'red bike'", "type [7] \"red bike\""),
        ("Type [7] \u{201C}blue chair\u{201D}", "type [7] \"blue chair\""),
        ("scroll [direction=down]", "scroll down"),
        ("Scroll Down", "scroll down"),
        ("scroll up", "scroll up"),
        ("go back", "go_back"),
        ("`go_back`", "go_back"),
        ("stop [$24.99]", "stop \"$24.99\""),
        ("stop [\"$24.99\"]", "stop \"$24.99\""),
        ("STOP \"Alice\"", "stop \"Alice\""),
        ("Action: stop", "stop"),
        ("I found the answer. In summary, the next action I will perform is ```stop [\"3\"]```", "stop \"3\""),
        ("Let me click [5] and then stop.", "click [5]"),
        ("click #8", "click [8]"),
        ("click [id=8]", "click [8]"),
        ("press [Enter]", "press [Enter]"),
    ]

    @Test(arguments: parsed)
    func readsTheAction(_ text: String, _ expected: String) {
        #expect(parser.parse(text) == .parsed(expected))
    }

    static let unparseable: [(String, String)] = [
        ("", "the output is empty"),
        ("   \n  ", "the output is empty"),
        (
            "I am not sure what to do here.",
            "no action found: expected one of click, type, select, scroll, go_back, stop (e.g. click [12])"
        ),
        ("click the red button", "'click' needs an element id, like click [12]"),
        ("type [7] red bike", "'type [7]' needs its text in quotes, like \"red bike\""),
        ("scroll sideways", "'scroll' needs a direction: scroll down or scroll up"),
        (
            "The item is here, I will then stop.",
            "no action found: expected one of click, type, select, scroll, go_back, stop (e.g. click [12])"
        ),
    ]

    @Test(arguments: unparseable)
    func explainsWhyNot(_ text: String, _ reason: String) {
        let result = parser.parse(text)
        #expect(result == .unparseable(reason: reason))
        #expect(result.action == nil)
        #expect(result.reason == reason)
    }
}
