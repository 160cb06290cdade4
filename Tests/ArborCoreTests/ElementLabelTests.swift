import ArborCore
import Testing

struct ElementLabelTests {
    let page = """
        [1] RootWebArea 'Shop'
          [4] button 'Click Me!'
          [7] textbox "Name" value='Kiera'
          [9] link
          StaticText 'Price [10]'
        * [12] combobox 'Colour'
        """

    @Test func aClickTakesTheLabelOfItsElementsLine() {
        #expect(ElementLabel.of("click [4]", in: page) == "Click Me!")
        #expect(ElementLabel.of("click [ 12 ]", in: page) == "Colour")
        #expect(ElementLabel.of("type [7] \"Ann\"", in: page) == "Name")
    }

    @Test func noLabelWhenThePageNamesNoneOrTheActionNamesNoElement() {
        #expect(ElementLabel.of("click [9]", in: page) == nil, "the element's line has no quoted name")
        #expect(ElementLabel.of("click [10]", in: page) == nil, "[10] only appears inside a text")
        #expect(ElementLabel.of("click [44]", in: page) == nil, "no such element")
        #expect(ElementLabel.of("scroll down", in: page) == nil)
        #expect(ElementLabel.of("click [a4]", in: page) == nil)
        #expect(ElementLabel.of("click [4]", in: "") == nil)
    }

    @Test func anActionThatAlreadyCarriesTheLabelIsNotLabelledTwice() {
        #expect(ElementLabel.of("select [12] \"Colour\"", in: page) == nil)
    }

    @Test func aLongLabelIsCutToSixtyCharacters() {
        let long = String(repeating: "a", count: 80)
        #expect(ElementLabel.of("click [3]", in: "[3] button '\(long)'") == String(repeating: "a", count: 60))
    }

    @Test func anActionIsShownWithItsLabelInQuotes() {
        #expect(ElementLabel.shown("click [4]", label: "Click Me!") == "click [4] \"Click Me!\"")
        #expect(ElementLabel.shown("scroll down", label: nil) == "scroll down")
    }
}
