import Foundation

/// libpq's password file (`PGPASSFILE`, else `~/.pgpass`): lines of `host:port:database:user:password`, `*` matching
/// anything, `\:` and `\\` escaping, `#` starting a comment. The first line that matches is used. A Unix socket
/// connection is matched as the host `localhost` too, as libpq matches its default socket.
struct PasswordFile {
    let lines: [[String]]

    init?(environment: [String: String]) {
        let path =
            environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        self.init(text: text)
    }

    init(text: String) {
        lines = text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = Self.fields(line)
            return fields.count == 5 ? fields : nil
        }
    }

    func password(host: String, port: Int, database: String, user: String) -> String? {
        let hosts = host.hasPrefix("/") ? [host, "localhost"] : [host]
        for fields in lines {
            let hostMatches = fields[0] == "*" || hosts.contains(fields[0])
            guard hostMatches, fields[1] == "*" || fields[1] == String(port),
                fields[2] == "*" || fields[2] == database, fields[3] == "*" || fields[3] == user
            else { continue }
            return fields[4]
        }
        return nil
    }

    private static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
