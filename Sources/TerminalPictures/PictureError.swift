import ArborCore

/// Why a picture cannot be drawn. Each message says what happened and what a person can do about it.
public enum PictureError: Error, Equatable, CustomStringConvertible {
    /// The bytes are of a format Arbor stores but does not decode (GIF, WebP).
    case unsupportedFormat(ImageFormat)
    /// The decoder refused the bytes (a damaged or truncated file), with its own words.
    case undecodable(format: ImageFormat, reason: String)
    /// libpng could not encode pixels (only running out of memory does this).
    case unencodable(reason: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format):
            "a \(format.rawValue.uppercased()) picture cannot be drawn in the terminal (PNG and JPEG can); "
                + "export the run (arbor export --images files) to see it"
        case .undecodable(let format, let reason):
            "the \(format.rawValue.uppercased()) picture could not be decoded (\(reason)); "
                + "export the run (arbor export --images files) to look at the file"
        case .unencodable(let reason):
            "libpng could not encode the picture (\(reason)); free some memory and try again"
        }
    }
}
