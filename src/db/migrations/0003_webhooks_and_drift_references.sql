-- Webhook delivery of alerts: what happened to each alert's notification.
-- delivery is NULL when no webhook was configured (or the alert was below its min_severity),
-- 'delivered' or 'failed: <reason>' otherwise.
ALTER TABLE alerts
    ADD COLUMN delivery      TEXT,
    ADD COLUMN delivered_at  TIMESTAMPTZ;

-- The reference data of a model version (`drift reference set`): the data itself lives in S3,
-- compressed; its profile (columns, types, sizes, quantiles) lives here.
CREATE TABLE drift_references (
    model             TEXT NOT NULL,
    version           TEXT NOT NULL,
    object_uri        TEXT NOT NULL,
    sha256            TEXT NOT NULL,
    bytes             BIGINT NOT NULL,
    stored_bytes      BIGINT NOT NULL,
    rows              BIGINT NOT NULL,
    source_file       TEXT NOT NULL,
    profile           JSONB NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by        TEXT NOT NULL,
    PRIMARY KEY (model, version)
);
