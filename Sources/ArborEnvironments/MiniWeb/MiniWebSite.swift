/// One of MiniWeb's three simulated websites.
public enum MiniWebSite: String, Sendable, CaseIterable, Codable {
    case classifieds, shopping, forum

    /// The name shown on the tab line.
    var title: String {
        switch self {
        case .classifieds: "Classifieds"
        case .shopping: "Shopping"
        case .forum: "Forum"
        }
    }
}
