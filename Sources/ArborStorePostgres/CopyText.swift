import ArborStore
import Foundation
import PostgresNIO

/// Rows in the text format of `COPY … FROM STDIN`: fields separated by tabs, rows ended by newlines, `\N` for NULL,
/// backslash, tab, newline and carriage return escaped in texts, and bytes as `\\x` and hex digits. Numbers are
/// written so the server reads back the same value (a Double's shortest form that round-trips). The writer's events go
/// to the server this way (``PostgresBatchCommitter``), and so do the store benchmark's reference rows.
package struct CopyText: Sendable {
    package private(set) var buffer = ByteBuffer()
    package private(set) var rows = 0
    /// Fields written of the row being written.
    private var fields = 0

    package init() {}

    package mutating func append(_ row: [StoreValue]) {
        for value in row { append(field: value) }
        endRow()
    }

    /// Appends one field of the row being written (a tab before it unless it is the row's first).
    package mutating func append(field value: StoreValue) {
        startField()
        switch value {
        case .null: buffer.writeStaticString("\\N")
        case .integer(let number): buffer.writeString(String(number))
        case .real(let number): buffer.writeString(String(number))
        case .text(let text): writeEscaped(text)
        case .bytes(let bytes): writeHex(bytes)
        }
    }

    /// Appends a text field holding JSON as an encoder wrote it (UTF-8), without making a String of it. JSON never
    /// holds a raw tab, newline or carriage return (every control byte is escaped in it), so only its backslashes
    /// need doubling: runs between them are copied whole, found by `memchr`.
    package mutating func append(json bytes: [UInt8]) {
        startField()
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "\\")), bytes.count - start)
            {
                let position = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                buffer.writeBytes(UnsafeRawBufferPointer(start: base + start, count: position + 1 - start))
                buffer.writeInteger(UInt8(ascii: "\\"))
                start = position + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(start: base + start, count: bytes.count - start))
        }
    }

    /// Ends the row being written.
    package mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        rows += 1
        fields = 0
    }

    private mutating func startField() {
        if fields > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        fields += 1
    }

    /// Appends a text field, escaped: runs of bytes that need no escape are copied whole.
    mutating func writeEscaped(_ text: String) {
        var text = text
        text.withUTF8 { writeEscaped($0) }
    }

    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        for index in 0..<bytes.count {
            let escape: StaticString
            switch base[index] {
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\t"): escape = "\\t"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(start: base + start, count: index - start))
            buffer.writeStaticString(escape)
            start = index + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(start: base + start, count: bytes.count - start))
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
