import Foundation
import Testing

@testable import TerminalKit

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

    @Test func parsesEntries() throws {
        let theme = try ThemeFile.parse(
            """
            # a comment
            default = fg:default bg:default

            selection = fg:231/15 bg:24 bold reverse  # trailing comment
            tree.node=fg:bright-blue underline dim
            """, name: "t", source: "t.theme")
        #expect(theme.name == "t")
        #expect(theme.entries.count == 3)
        #expect(theme.entries[.normal] == ThemeEntry())
        #expect(
            theme.entries[.selection]
                == ThemeEntry(
                    foreground: .palette(231, fallback: 15), background: .palette(24), attributes: [.bold, .reverse]))
        #expect(theme.entries["tree.node"] == ThemeEntry(foreground: .palette(12), attributes: [.underline, .dim]))
    }

    @Test(arguments: [
        ("x = blink", "unknown token 'blink'"),
        ("x = fg:256", "unknown token 'fg:256'"),
        ("x = fg:1/16", "unknown token 'fg:1/16'"),
        ("no equals", "missing '='"),
        (" = bold", "bad role name"),
    ])
    func rejectsBadLines(_ line: String, reason: String) {
        #expect(throws: ThemeError.invalidLine(source: "bad.theme", line: 2, text: line, reason: reason)) {
            try ThemeFile.parse("default = bold\n\(line)", name: "bad", source: "bad.theme")
        }
    }

    @Test func everyShippedThemeParsesAndBuiltInsMatchTheirFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory).filter {
            $0.hasSuffix(".theme")
        }
        #expect(files.sorted() == ["dark.theme", "high-contrast.theme", "light.theme", "monochrome.theme"])
        for file in files {
            let theme = try ThemeFile.load(path: "\(Self.themesDirectory)/\(file)")
            #expect(theme.entries.keys.count == Theme.dark.entries.keys.count, "\(file) names every role")
        }
        #expect(try ThemeFile.load(path: "\(Self.themesDirectory)/dark.theme") == Theme.dark)
        #expect(try ThemeFile.load(path: "\(Self.themesDirectory)/monochrome.theme") == Theme.monochrome)
        #expect(try ThemeFile.load(path: "\(Self.themesDirectory)/light.theme") == Theme.light)
        #expect(try ThemeFile.load(path: "\(Self.themesDirectory)/high-contrast.theme") == Theme.highContrast)
        #expect(Theme.builtins.map(\.name) == ["dark", "light", "high-contrast", "monochrome"])
        // Without any theme directory, every shipped theme still loads by name.
        for theme in Theme.builtins {
            #expect(try Theme.named(theme.name, searching: [], environment: [:]) == theme)
        }
        #expect(Theme.dark.entries.count == 16)
        #expect(Theme.monochrome.entries.values.allSatisfy { $0.foreground == .terminalDefault })
        #expect(Theme.monochrome.entries.values.allSatisfy { $0.background == .terminalDefault })
    }

    @Test func noColorMeansMonochrome() throws {
        #expect(Theme.dark.honoringNoColor(["NO_COLOR": "1"]) == .monochrome)
        #expect(Theme.dark.honoringNoColor(["NO_COLOR": ""]) == .dark)
        #expect(Theme.dark.honoringNoColor([:]) == .dark)
        let light = try Theme.named("light", searching: ["/nonexistent", Self.themesDirectory], environment: [:])
        #expect(light.name == "light")
        #expect(
            try Theme.named("light", searching: [Self.themesDirectory], environment: ["NO_COLOR": "x"]) == .monochrome)
        #expect(try Theme.named("dark", searching: [], environment: [:]) == .dark)
        #expect(throws: ThemeError.notFound(name: "neon", searched: ["/a"])) {
            try Theme.named("neon", searching: ["/a"], environment: [:])
        }
        #expect(Theme.dark.withoutColors().entries[.selection] == ThemeEntry(attributes: [.bold]))
    }

    @Test func unknownRoleFallsBackToDefault() {
        let theme = Theme(
            name: "t",
            entries: [.normal: ThemeEntry(foreground: .palette(7), attributes: [.dim])])
        #expect(
            theme.resolve(Style("no.such.role", [.underline]))
                == ResolvedStyle(foreground: .palette(7), background: .terminalDefault, attributes: [.dim, .underline]))
        #expect(
            Theme.dark.resolve(Style(.selection))
                == ResolvedStyle(
                    foreground: .palette(231, fallback: 15), background: .palette(24, fallback: 4), attributes: [.bold])
        )
    }

    @Test func colorsFitTheTerminal() {
        #expect(TerminalColor.palette(39, fallback: 12).fitted(toColors: 256) == .palette(39))
        #expect(TerminalColor.palette(39, fallback: 12).fitted(toColors: 16) == .palette(12))
        #expect(TerminalColor.palette(39, fallback: 12).fitted(toColors: 8) == .palette(4))
        #expect(TerminalColor.palette(39).fitted(toColors: 16) == .palette(6))
        #expect(TerminalColor.palette(196).fitted(toColors: 16) == .palette(9))
        #expect(TerminalColor.palette(39).fitted(toColors: 0) == .terminalDefault)
        #expect(TerminalColor.terminalDefault.fitted(toColors: 256) == .terminalDefault)
        // Grey on 8 colours would be black: the terminal's own colour instead, drawn dimmed.
        #expect(TerminalColor.palette(244, fallback: 8).fitted(toColors: 16) == .palette(8))
        #expect(TerminalColor.palette(244, fallback: 8).fitted(toColors: 8) == .terminalDefault)
        #expect(TerminalColor.palette(244).fitted(toColors: 8) == .terminalDefault)
        #expect(TerminalColor.palette(16, fallback: 0).fitted(toColors: 8) == .palette(0))
        #expect(TerminalColor.palette(244).isGrey(onColors: 8))
        #expect(!TerminalColor.palette(244).isGrey(onColors: 16))
        #expect(!TerminalColor.palette(75, fallback: 12).isGrey(onColors: 8))
    }
}
