import ArborStore
import Foundation
import PostgresNIO

/// Rows in the text format of `COPY … FROM STDIN`: fields separated by tabs, rows ended by newlines, `\N` for NULL,
/// backslash, tab, newline and carriage return escaped in texts, and bytes as `\\x` and hex digits. Numbers are
/// written so the server reads back the same value (a Double's shortest form that round-trips). The writer's events go
/// to the server this way (``PostgresBatchCommitter``), and so do the store benchmark's reference rows.
package struct CopyText {
    package private(set) var buffer = ByteBuffer()
    package private(set) var rows = 0

    package init() {}

    package mutating func append(_ row: [StoreValue]) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .integer(let number): buffer.writeString(String(number))
            case .real(let number): buffer.writeString(String(number))
            case .text(let text): writeEscaped(text)
            case .bytes(let bytes): writeHex(bytes)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        rows += 1
    }

    /// Appends a text field, escaped: runs of bytes that need no escape are copied whole, found by `memchr` (a JSON
    /// payload has backslashes but never a raw tab, newline or carriage return).
    mutating func writeEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let special: [(byte: UInt8, escape: StaticString)] = [
                (UInt8(ascii: "\\"), "\\\\"), (UInt8(ascii: "\t"), "\\t"), (UInt8(ascii: "\n"), "\\n"),
                (UInt8(ascii: "\r"), "\\r"),
            ]
            // Where each special byte next occurs at or after `start` (the count when it does not).
            func next(_ byte: UInt8, from start: Int) -> Int {
                guard start < bytes.count, let found = memchr(base + start, Int32(byte), bytes.count - start) else {
                    return bytes.count
                }
                return UnsafeRawPointer(found) - UnsafeRawPointer(base)
            }
            var found = special.map { next($0.byte, from: 0) }
            var start = 0
            while true {
                var nearest = 0
                for index in 1..<found.count where found[index] < found[nearest] { nearest = index }
                let position = found[nearest]
                buffer.writeBytes(UnsafeRawBufferPointer(start: base + start, count: position - start))
                guard position < bytes.count else { return }
                buffer.writeStaticString(special[nearest].escape)
                start = position + 1
                found[nearest] = next(special[nearest].byte, from: start)
            }
        }
    }

    private mutating func writeHex(_ bytes: [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8](repeating: 0, count: bytes.count * 2)
        for (index, byte) in bytes.enumerated() {
            hex[2 * index] = digits[Int(byte >> 4)]
            hex[2 * index + 1] = digits[Int(byte & 0x0F)]
        }
        buffer.writeStaticString("\\\\x")
        buffer.writeBytes(hex)
    }
}
