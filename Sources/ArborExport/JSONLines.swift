import Foundation

/// JSON lines as every export writes them: one value per line, keys sorted, so equal runs give equal files.
enum JSONLines {
    static func encode<T: Encodable>(_ values: [T]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try values.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
