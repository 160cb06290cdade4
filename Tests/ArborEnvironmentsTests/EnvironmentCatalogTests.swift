import ArborCore
import Testing

@testable import ArborEnvironments

@Suite struct EnvironmentCatalogTests {
    @Test func makesEveryKnownName() throws {
        #expect(
            EnvironmentCatalog.names == [
                "miniweb", "miniweb:classifieds", "miniweb:shopping", "miniweb:forum", "puzzle",
            ])
        for name in EnvironmentCatalog.names {
            #expect(try EnvironmentCatalog.make(name: name, seed: 1).name == name)
        }
        #expect(try EnvironmentCatalog.make(name: " MiniWeb ", seed: 1).name == "miniweb")
        #expect(try EnvironmentCatalog.make(name: "miniweb", seed: 1).supportsSnapshot)
    }

    @Test func unknownNamesListTheKnownOnes() {
        #expect(throws: EnvironmentCatalogError.unknownEnvironment("webarena", known: EnvironmentCatalog.names)) {
            try EnvironmentCatalog.make(name: "webarena", seed: 0)
        }
        let message = EnvironmentCatalogError.unknownEnvironment("x", known: ["a", "b"]).description
        #expect(message == "unknown environment 'x'; choose one of: a, b")
    }

    @Test func countsTasksPerSplit() throws {
        #expect(try EnvironmentCatalog.taskCount(name: "miniweb", seed: 0, split: .train) == 205)
        #expect(try EnvironmentCatalog.taskCount(name: "miniweb", seed: 0, split: .test) == 123)
        #expect(try EnvironmentCatalog.taskCount(name: "miniweb:forum", seed: 0, split: .train) == 65)
        #expect(try EnvironmentCatalog.taskCount(name: "puzzle", seed: 0, split: .test) == 10)
        #expect(
            try EnvironmentCatalog.tasks(name: "miniweb:classifieds", seed: 0, split: .train).first?.id
                == "classifieds/cheapest-in-colour/0")
    }
}
