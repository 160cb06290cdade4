import ArborStore
import Foundation

/// Where a PostgreSQL store is, read from a URL in libpq's form:
/// `postgresql://[user[:password]@][host][:port][/database][?host=/socket/folder&port=…&user=…&dbname=…]`.
///
/// A host that starts with `/` (or a `host=` parameter naming a folder) is the folder of the server's Unix socket.
/// The password comes from the URL, else `PGPASSWORD`, else the password file (`PGPASSFILE` or `~/.pgpass`), as libpq
/// looks for it; it is never part of ``description``, so it is never printed or stored with a run.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// A TCP host name or address, or the folder holding the server's Unix socket.
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?

    /// Whether `text` names a PostgreSQL store rather than an SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Reads `url`; `environment` gives PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGPASSFILE, USER and HOME.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreError)
    {
        let scheme = url.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
        guard Self.isURL(url) else { throw Self.bad(url, "it does not start with postgresql://") }
        var rest = Substring(url.dropFirst(scheme.count))
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var user: String?
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decoded(userInfo[..<colon], in: url)
                password = try Self.decoded(userInfo[userInfo.index(after: colon)...], in: url)
            } else {
                user = try Self.decoded(userInfo, in: url)
            }
        }
        var host: String?
        var portText: String?
        if rest.hasPrefix("[") {
            // An IPv6 address in brackets, maybe followed by :port.
            guard let close = rest.firstIndex(of: "]") else { throw Self.bad(url, "an IPv6 host has no closing ]") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) }
        } else if let colon = rest.lastIndex(of: ":") {
            host = try Self.decoded(rest[..<colon], in: url)
            portText = String(rest[rest.index(after: colon)...])
        } else if !rest.isEmpty {
            host = try Self.decoded(rest, in: url)
        }
        var database = path.isEmpty ? nil : try Self.decoded(path, in: url)
        for pair in query.split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else {
                throw Self.bad(url, "the parameter \"\(pair)\" has no value (write name=value)")
            }
            let name = String(pair[..<equals])
            let value = try Self.decoded(pair[pair.index(after: equals)...], in: url)
            switch name {
            case "host": host = value
            case "port": portText = value
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            // Parameters that change nothing Arbor does with the connection are accepted as libpq accepts them.
            case "application_name", "connect_timeout", "sslmode": break
            default: throw Self.bad(url, "Arbor does not know the parameter \"\(name)\"")
            }
        }
        let resolvedHost = (host?.isEmpty == false ? host : nil) ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let resolvedPortText = (portText?.isEmpty == false ? portText : nil) ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(resolvedPortText), (1...65535).contains(port) else {
            throw Self.bad(url, "the port \"\(resolvedPortText)\" is not a number from 1 to 65535")
        }
        let resolvedUser =
            (user?.isEmpty == false ? user : nil) ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.host = resolvedHost
        self.port = port
        self.user = resolvedUser
        self.database = (database?.isEmpty == false ? database : nil) ?? environment["PGDATABASE"] ?? resolvedUser
        self.password =
            password ?? environment["PGPASSWORD"]
            ?? PasswordFile(environment: environment)?.password(
                host: resolvedHost, port: port, database: self.database, user: resolvedUser)
    }

    /// Whether ``host`` is the folder of a Unix socket rather than a TCP host.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The socket file inside ``host``, as the server names it.
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// The URL without its password, for messages and for a run's record.
    public var description: String {
        let user = Self.encoded(self.user)
        let database = Self.encoded(self.database)
        if isUnixSocket {
            return "postgresql://\(user)@/\(database)?host=\(Self.encoded(host))&port=\(port)"
        }
        let host = self.host.contains(":") ? "[\(self.host)]" : Self.encoded(self.host)
        return "postgresql://\(user)@\(host):\(port)/\(database)"
    }

    private static func bad(_ url: String, _ reason: String) -> StoreError {
        .badLocation(location: redacted(url), reason: reason)
    }

    /// The URL as given, with any password in it replaced by `***`, for messages.
    static func redacted(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://") {
            let authorityEnd = text[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? text.endIndex
            let authority = text[scheme.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        if let range = text.range(of: "password=") {
            let end = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return text
    }

    private static func decoded(_ text: Substring, in url: String) throws(StoreError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw bad(url, "\"\(text)\" has a broken percent escape")
        }
        return decoded
    }

    private static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
