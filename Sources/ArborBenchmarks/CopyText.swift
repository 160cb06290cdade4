import ArborStore
import Foundation
import PostgresNIO

/// Rows in the text format of `COPY … FROM STDIN`: fields separated by tabs, rows ended by newlines, `\N` for NULL,
/// backslash, tab, newline and carriage return escaped in texts, and bytes as `\\x` and hex digits. Numbers are
/// written so the server reads back the same value (a Double's shortest form that round-trips). The reference of the
/// PostgreSQL store benchmark.
struct CopyText {
    private(set) var buffer = ByteBuffer()
    private(set) var rows = 0

    mutating func append(_ row: [StoreValue]) {
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

    /// Appends a text field, escaped: runs of bytes that need no escape are copied whole.
    mutating func writeEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let escape: StaticString
                switch bytes[index] {
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\t"): escape = "\\t"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                buffer.writeStaticString(escape)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
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
