import ArborCore
import Foundation

/// How an export carries the images (screenshots) an observation showed.
public enum ImageExport: String, Sendable, CaseIterable {
    /// As data URLs inside the export: one self-contained file, as OpenAI's vision fine-tuning format takes it.
    case inline
    /// As files in a folder beside the export, referred to by relative path.
    case files
    /// Left out: text alone.
    case none
}

/// Turns an observation's images into the URLs an export writes: data URLs, relative file paths, or nothing.
public struct ImageLinks: Sendable {
    public let mode: ImageExport
    /// The folder `files` refers to, relative to the export (e.g. `sft.jsonl.images`).
    public let folder: String

    public init(_ mode: ImageExport, folder: String) {
        self.mode = mode
        self.folder = folder
    }

    /// The name an image gets in ``folder``: its hash and its format's extension.
    public static func fileName(_ image: ObservedImage) -> String {
        "\(image.image.rawValue).\(image.format.fileExtension)"
    }

    /// The URLs of the images shown at `node`, in the environment's order; an image the store lacks is skipped.
    func urls(_ recording: RunRecording, _ tree: EpisodeTree, _ node: NodeID) -> [String] {
        let images = tree.images[node] ?? []
        switch mode {
        case .none: return []
        case .files: return images.map { folder + "/" + Self.fileName($0) }
        case .inline:
            return images.compactMap { image in
                recording.image(image.image).map {
                    "data:\(image.format.mediaType);base64," + Data($0.bytes).base64EncodedString()
                }
            }
        }
    }
}
