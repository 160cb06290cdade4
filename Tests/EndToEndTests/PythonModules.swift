import Foundation

/// Whether `python3 -c "import MODULE"` succeeds on this machine: tests of the adapter's examples that need a
/// package (gymnasium, miniwob) are skipped without it.
func pythonCanImport(_ module: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import \(module)"]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
