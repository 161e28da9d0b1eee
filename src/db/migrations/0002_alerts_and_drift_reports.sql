-- Alerts everyone reads (`nbamcp alerts`), raised by the commands that find or cause something:
-- drift checks, promotions, unhealthy health checks, cache clears, maintenance runs.
CREATE TABLE alerts (
    id              BIGSERIAL PRIMARY KEY,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    severity        TEXT NOT NULL CHECK (severity IN ('CRITICAL', 'WARNING', 'INFO')),
    alert_type      TEXT NOT NULL,
    message         TEXT NOT NULL,
    source          TEXT NOT NULL,
    details         JSONB NOT NULL DEFAULT '{}'::jsonb,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by TEXT
);

CREATE INDEX alerts_created ON alerts (created_at DESC);

-- One row per recorded `drift check --record`: the whole report, for history and health.
CREATE TABLE drift_reports (
    id          BIGSERIAL PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    model       TEXT NOT NULL,
    version     TEXT NOT NULL,
    drifted     INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    report      JSONB NOT NULL
);

CREATE INDEX drift_reports_model_time ON drift_reports (model, created_at DESC);
