import ArborCore
import Foundation

/// Reads the image files an external environment names with an observation: each once, whole, up to a size limit.
/// Paths are absolute or relative to the working directory the child shares with Arbor.
struct ImageFiles {
    /// The largest image file read, in bytes.
    let limit: Int

    /// The images of `paths` that could be read, in order, and what went wrong with the others.
    func read(_ paths: [String]) -> (images: [EncodedImage], problems: [ImageProblem]) {
        var images: [EncodedImage] = []
        var problems: [ImageProblem] = []
        for path in paths {
            switch image(at: path) {
            case .success(let image): images.append(image)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (images, problems)
    }

    private func image(at path: String) -> Result<EncodedImage, ImageProblem> {
        let url = URL(fileURLWithPath: path)
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            return .failure(.unreadable(path: path, reason: "no such file, or no permission to see it"))
        }
        guard size <= limit else { return .failure(.tooLarge(path: path, size: size, limit: limit)) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return .failure(.unreadable(path: path, reason: "reading it failed"))
        }
        // The file may have grown between the two looks.
        guard data.count <= limit else { return .failure(.tooLarge(path: path, size: data.count, limit: limit)) }
        guard let image = EncodedImage(bytes: [UInt8](data)) else { return .failure(.notAnImage(path: path)) }
        return .success(image)
    }
}

extension Observation {
    /// Reads the images at `paths` into the observation, under `configuration`'s limit.
    mutating func attach(_ paths: [String], from configuration: ExternalEnvironmentConfiguration) {
        guard !paths.isEmpty else { return }
        (images, imageProblems) = ImageFiles(limit: configuration.imageLimit).read(paths)
    }
}
