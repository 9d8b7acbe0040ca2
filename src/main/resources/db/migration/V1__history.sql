-- The history store (DESIGN.md section 10). One script for SQLite and PostgreSQL: ${auto_id} and ${without_rowid}
-- are the only differences, filled in per database by the store. Times are epoch milliseconds (UTC), latencies
-- microseconds, monitors are named by their name.

-- the last known state of each monitor, loaded at start
CREATE TABLE monitor_state (
    monitor              VARCHAR(200) NOT NULL PRIMARY KEY,
    status               VARCHAR(16)  NOT NULL,
    since_ms             BIGINT       NOT NULL,
    last_seen_ms         BIGINT,
    last_check_ms        BIGINT,
    consecutive_failures INTEGER      NOT NULL,
    down_sent            BOOLEAN      NOT NULL,
    outage_start_ms      BIGINT,
    detail               TEXT         NOT NULL,
    updated_ms           BIGINT       NOT NULL
);

-- every status change; incidents and time-weighted uptime are read from here
CREATE TABLE transitions (
    id       ${auto_id},
    monitor  VARCHAR(200) NOT NULL,
    at_ms    BIGINT       NOT NULL,
    status   VARCHAR(16)  NOT NULL,
    previous VARCHAR(16)  NOT NULL,
    detail   TEXT         NOT NULL
);
CREATE INDEX transitions_monitor_at ON transitions (monitor, at_ms);
CREATE INDEX transitions_at ON transitions (at_ms);

-- checks, failures and latency of passing checks per monitor and bucket; upserted as checks arrive
CREATE TABLE rollup_minute (
    monitor        VARCHAR(200) NOT NULL,
    bucket_ms      BIGINT       NOT NULL,
    checks         BIGINT       NOT NULL,
    failures       BIGINT       NOT NULL,
    latency_sum_us BIGINT       NOT NULL,
    latency_count  BIGINT       NOT NULL,
    latency_min_us BIGINT,
    latency_max_us BIGINT,
    PRIMARY KEY (monitor, bucket_ms)
) ${without_rowid};

CREATE TABLE rollup_hour (
    monitor        VARCHAR(200) NOT NULL,
    bucket_ms      BIGINT       NOT NULL,
    checks         BIGINT       NOT NULL,
    failures       BIGINT       NOT NULL,
    latency_sum_us BIGINT       NOT NULL,
    latency_count  BIGINT       NOT NULL,
    latency_min_us BIGINT,
    latency_max_us BIGINT,
    PRIMARY KEY (monitor, bucket_ms)
) ${without_rowid};

CREATE TABLE rollup_day (
    monitor        VARCHAR(200) NOT NULL,
    bucket_ms      BIGINT       NOT NULL,
    checks         BIGINT       NOT NULL,
    failures       BIGINT       NOT NULL,
    latency_sum_us BIGINT       NOT NULL,
    latency_count  BIGINT       NOT NULL,
    latency_min_us BIGINT,
    latency_max_us BIGINT,
    PRIMARY KEY (monitor, bucket_ms)
) ${without_rowid};

-- monitors created through the API: their settings as a JSON object
CREATE TABLE saved_monitors (
    name       VARCHAR(200) NOT NULL PRIMARY KEY,
    settings   TEXT         NOT NULL,
    updated_ms BIGINT       NOT NULL
);

-- notifications to deliver; a second enqueue of the same key and provider is a no-op
CREATE TABLE outbox (
    id           ${auto_id},
    monitor      VARCHAR(200) NOT NULL,
    outage       VARCHAR(64)  NOT NULL,
    kind         VARCHAR(8)   NOT NULL,
    provider     VARCHAR(100) NOT NULL,
    payload      TEXT         NOT NULL,
    created_ms   BIGINT       NOT NULL,
    delivered_ms BIGINT,
    CONSTRAINT outbox_key UNIQUE (monitor, outage, kind, provider)
);
CREATE INDEX outbox_delivered ON outbox (delivered_ms);

-- each run of the service; the time between runs is unmonitored
CREATE TABLE service_runs (
    id         ${auto_id},
    started_ms BIGINT NOT NULL,
    alive_ms   BIGINT NOT NULL,
    ended_ms   BIGINT
);
CREATE INDEX service_runs_started ON service_runs (started_ms);

-- planned maintenance of one monitor, or of all when monitor is null
CREATE TABLE maintenance_spans (
    id      ${auto_id},
    monitor VARCHAR(200),
    from_ms BIGINT NOT NULL,
    to_ms   BIGINT NOT NULL,
    reason  TEXT   NOT NULL
);
CREATE INDEX maintenance_spans_to ON maintenance_spans (to_ms);
