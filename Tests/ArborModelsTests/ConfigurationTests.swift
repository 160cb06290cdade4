import ArborCore
import ArborModels
import Foundation
import Testing

@Suite struct ConfigurationTests {
    static let file = """
        # Arbor's model settings
        [model]
        base_url = "http://127.0.0.1:8089/v1"   # local llama.cpp
        name = 'smollm2'
        api_key_env = "MY_KEY"
        concurrency = 4
        stall_timeout = 2.5
        stream = true
        seed = 42

        [model.roles]
        judge = "big-judge"
        embedding = "nomic-embed"

        [prices."gpt-4.1-mini"]
        input = 0.4
        output = 1.6
        """

    @Test func fileOverridesEnvironmentWhichOverridesDefaults() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let fromEnvironment = try ModelConfiguration.resolve(
            environment: ["OPENAI_BASE_URL": "http://env:1/v1"], workingDirectory: directory.path)
        #expect(fromEnvironment.baseURL == "http://env:1/v1")
        #expect(fromEnvironment.apiKeyEnv == "OPENAI_API_KEY")

        try Self.file.write(to: directory.appendingPathComponent("arbor.toml"), atomically: true, encoding: .utf8)
        let configuration = try ModelConfiguration.resolve(
            environment: ["OPENAI_BASE_URL": "http://env:1/v1"], workingDirectory: directory.path)
        #expect(configuration.baseURL == "http://127.0.0.1:8089/v1")
        #expect(configuration.model == "smollm2")
        #expect(configuration.apiKeyEnv == "MY_KEY")
        #expect(configuration.concurrency == 4)
        #expect(configuration.stallTimeout == .milliseconds(2500))
        #expect(configuration.stream == true)
        #expect(configuration.seed == 42)
        #expect(configuration.model(for: .judge) == "big-judge")
        #expect(configuration.model(for: .policy) == "smollm2")
        #expect(configuration.model(for: .embedding) == "nomic-embed")
        #expect(configuration.prices["gpt-4.1-mini"] == ModelPrice(inputPerMillion: 0.4, outputPerMillion: 1.6))
    }

    @Test func theHomeFileIsReadWhenTheWorkingDirectoryHasNone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-config-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let home = root.appendingPathComponent("home")
        let work = root.appendingPathComponent("work")
        let config = home.appendingPathComponent(".config/arbor")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try "[model]\nname = \"from-home\"\nconcurrency = 3\n".write(
            to: config.appendingPathComponent("arbor.toml"), atomically: true, encoding: .utf8)

        let fromHome = try ModelConfiguration.resolve(environment: ["HOME": home.path], workingDirectory: work.path)
        #expect(fromHome.model == "from-home")
        #expect(fromHome.concurrency == 3)

        // The working directory's file wins, whole: the home file is not merged under it.
        try "[model]\nname = \"from-work\"\n".write(
            to: work.appendingPathComponent("arbor.toml"), atomically: true, encoding: .utf8)
        let fromWork = try ModelConfiguration.resolve(environment: ["HOME": home.path], workingDirectory: work.path)
        #expect(fromWork.model == "from-work")
        #expect(fromWork.concurrency == 8)
    }

    @Test func mistakesSayWhereAndWhat() throws {
        #expect(throws: TOMLError(line: 2, message: "string not closed on this line")) {
            try TOMLDocument(parsing: "[model]\nname = \"oops\n")
        }
        #expect(throws: TOMLError(line: 1, message: "arrays and inline tables are not supported")) {
            try TOMLDocument(parsing: "stop = [\"a\"]")
        }
        var configuration = ModelConfiguration()
        #expect(throws: ConfigurationError.wrongType(table: "model", key: "concurrency", expected: "a whole number")) {
            try configuration.apply(TOMLDocument(parsing: "[model]\nconcurrency = \"four\""))
        }
        #expect(throws: ConfigurationError.unknownKey(table: "model", key: "temprature")) {
            try configuration.apply(TOMLDocument(parsing: "[model]\ntemprature = 1"))
        }
    }

    @Test func escapesAndNumbers() throws {
        let document = try TOMLDocument(parsing: #"a = "tab\there \u00e9" "# + "\nb = 1_000\nc = -2.5e1\nd = false")
        #expect(
            document.table([]) == [
                "a": .string("tab\there é"), "b": .integer(1000), "c": .float(-25), "d": .boolean(false),
            ])
    }
}
