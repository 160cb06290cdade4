/// The tables of the episode queue, beside the store's own (docs/schema.md, "The queue"): a run's episodes waiting
/// for workers, the workers that claim them, and every attempt at an episode. Created when a queue is first opened,
/// under the same advisory lock as the store's tables. Times are the server's clock (seconds since 1970), so that
/// workers on hosts whose clocks disagree still agree on how old a heartbeat is.
enum QueueSchema {
    static let create = """
        CREATE TABLE IF NOT EXISTS workers (
            id BIGSERIAL PRIMARY KEY,
            host TEXT NOT NULL,
            pid BIGINT NOT NULL,
            run BIGINT,
            started_at DOUBLE PRECISION NOT NULL,
            heartbeat_at DOUBLE PRECISION NOT NULL,
            stopped_at DOUBLE PRECISION,
            done BIGINT NOT NULL DEFAULT 0,
            failures BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS queued_runs (
            run BIGINT PRIMARY KEY,
            enqueued_at DOUBLE PRECISION NOT NULL,
            ended_at DOUBLE PRECISION
        );
        CREATE TABLE IF NOT EXISTS queue (
            run BIGINT NOT NULL,
            episode BIGINT NOT NULL,
            task_id TEXT NOT NULL,
            task TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'waiting',
            attempt BIGINT NOT NULL DEFAULT 0,
            worker BIGINT,
            claimed_at DOUBLE PRECISION,
            heartbeat_at DOUBLE PRECISION,
            ended_at DOUBLE PRECISION,
            PRIMARY KEY (run, episode)
        );
        CREATE INDEX IF NOT EXISTS queue_by_state ON queue (state, run, episode);
        CREATE TABLE IF NOT EXISTS attempts (
            run BIGINT NOT NULL,
            episode BIGINT NOT NULL,
            attempt BIGINT NOT NULL,
            worker BIGINT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            ended_at DOUBLE PRECISION,
            outcome TEXT NOT NULL DEFAULT 'running',
            PRIMARY KEY (run, episode, attempt)
        )
        """

    /// The server's clock, in seconds since 1970: `clock_timestamp()` moves within a transaction, `now()` does not.
    static let now = "EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION"
}
