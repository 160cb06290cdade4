import ArborCore

import struct Foundation.Data

/// A run as `arbor runs` lists it: what was searched, how it stands, and how its episodes went.
public struct RunSummary: Sendable, Equatable {
    public var id: RunID
    public var startedAt: Double
    public var endedAt: Double?
    public var status: RunStatus
    /// The `--env` value the run was started with.
    public var environment: String
    /// What to call the environment: its own name when it gave one (an external environment's `hello`), else
    /// `environment`.
    public var environmentName: String
    public var model: String
    public var method: String
    public var seed: UInt64
    public var parent: RunOrigin?
    /// Seq of the last committed event.
    public var lastSeq: Int64
    public var episodes: Int
    public var endedEpisodes: Int
    public var successes: Int
    /// A `running` run whose writing process is gone (killed): interrupted in fact, though the file says `running`
    /// until a writer next opens it and records the interruption.
    public var writerGone = false
    /// Episodes of a `running` run that wait in a queue for a worker (PostgreSQL's `arbor run --enqueue`).
    public var waitingEpisodes = 0

    /// Successes over ended episodes; nil before any episode has ended.
    public var successRate: Double? {
        endedEpisodes == 0 ? nil : Double(successes) / Double(endedEpisodes)
    }
}

/// An episode (one task) of a run, from the `episodes` table.
public struct EpisodeSummary: Sendable, Equatable {
    public var run: RunID
    public var episode: Int
    public var taskID: String
    public var task: String
    public var startedAt: Double
    public var endedAt: Double?
    public var success: Bool?
    public var reward: Double?
    public var estimatedSuccess: Double?
    public var steps: Int?
    public var reason: String?
}

/// An event as stored: its payload still JSON text, for tools that pass it on without decoding it.
public struct StoredEvent: Sendable, Equatable {
    public var run: RunID
    public var seq: Int64
    public var time: Double
    public var kind: String
    public var episode: Int?
    public var node: Int?
    public var payload: String

    /// The event decoded, or why this build cannot read it.
    public func record() throws(StoreError) -> EventRecord {
        guard let eventKind = EventKind(rawValue: kind) else {
            throw .undecodableEvent(run: run, seq: seq, kind: kind, reason: "unknown kind")
        }
        do {
            return EventRecord(seq: seq, time: time, event: try Event(kind: eventKind, payload: Data(payload.utf8)))
        } catch {
            throw .undecodableEvent(run: run, seq: seq, kind: kind, reason: "\(error)")
        }
    }
}
