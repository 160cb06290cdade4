import Testing

@testable import ArborEnvironments

@Suite struct ExternalCommandTests {
    @Test func splitsAShellStyleCommandLine() throws {
        let command = try ExternalCommand(parsing: #"exec:python3 "my env.py" --name='a b' it\'s"#)
        #expect(command.arguments == ["python3", "my env.py", "--name=a b", "it's"])
    }

    @Test func aQuotedWholeCommandLineIsThatCommandLine() throws {
        let command = try ExternalCommand(parsing: #"exec:"python3 my_env.py --flag""#)
        #expect(command.arguments == ["python3", "my_env.py", "--flag"])
        let spaced = try ExternalCommand(parsing: #"exec:"'/my envs/run'""#)
        #expect(spaced.arguments == ["/my envs/run"])
    }

    @Test func doubleQuotesKeepBackslashesExceptBeforeSpecials() throws {
        let command = try ExternalCommand(parsing: #"run "a\"b" "c\d" ''"#)
        #expect(command.arguments == ["run", "a\"b", "c\\d", ""])
    }

    @Test func describesItselfSoItCanBePastedBack() throws {
        let command = try ExternalCommand(arguments: ["python3", "my env.py", "it's", "--flag=1"])
        #expect(command.description == #"python3 'my env.py' 'it'\''s' --flag=1"#)
        #expect(try ExternalCommand(parsing: command.description) == command)
    }

    @Test func badCommandLinesSayWhatIsWrong() {
        #expect(throws: ExternalCommandError.empty) { try ExternalCommand(parsing: "exec:   ") }
        #expect(throws: ExternalCommandError.unterminatedQuote("\"")) { try ExternalCommand(parsing: #"a "b"#) }
        #expect(throws: ExternalCommandError.unterminatedQuote("'")) { try ExternalCommand(parsing: "a 'b") }
        #expect(throws: ExternalCommandError.trailingBackslash) { try ExternalCommand(parsing: #"a b\"#) }
        #expect(
            ExternalCommandError.empty.description
                == #"the environment command is empty; write it as exec:"python3 my_env.py --flag""#)
    }

    @Test func groundingNormalisesWhitespaceOutsideQuotes() {
        #expect(ActionText.normalised("  go \t  north \n") == "go north")
        #expect(ActionText.normalised(#"type  [7]   "red  bike" "#) == #"type [7] "red  bike""#)
        #expect(ActionText.normalised(" \n ") == "")
    }
}
