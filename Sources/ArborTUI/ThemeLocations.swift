import Foundation

/// Where theme files are looked for, first match wins: the user's own, the working directory's, then the ones that
/// ship beside the executable (a build in `.build/<triple>/<config>/arbor` finds the repository's `themes/`).
public enum ThemeLocations {
    public static func directories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var directories: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append("\(config)/arbor/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append("\(home)/.config/arbor/themes")
        }
        directories.append(FileManager.default.currentDirectoryPath + "/themes")
        // The running file itself, not argv[0] (a relative path means nothing once the working directory differs).
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ""))
            .resolvingSymlinksInPath()
        let bin = executable.deletingLastPathComponent()
        directories.append(bin.appendingPathComponent("../../themes").standardized.path)
        // SwiftPM's real build folder is .build/<triple>/<config>.
        directories.append(bin.appendingPathComponent("../../../themes").standardized.path)
        directories.append(bin.appendingPathComponent("../share/arbor/themes").standardized.path)
        return directories
    }
}
