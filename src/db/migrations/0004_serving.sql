-- The serving replicas' source of truth: which versions of which model are deployed, with what
-- share of the traffic, from which artifact (and its sha256, computed when `deploy` validated it).
CREATE TABLE deployments (
    model        TEXT NOT NULL,
    version      TEXT NOT NULL,
    weight       DOUBLE PRECISION NOT NULL CHECK (weight >= 0 AND weight <= 1),
    artifact_uri TEXT NOT NULL,
    sha256       TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- Features per row the model takes (checked by `deploy` against the other versions).
    features     INTEGER NOT NULL CHECK (features > 0),
    description  TEXT,
    deployed_by  TEXT NOT NULL,
    deployed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by   TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (model, version)
);

-- Every change wakes every replica (LISTEN nbamcp_deployments); the payload is the model.
CREATE FUNCTION notify_deployments() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('nbamcp_deployments', COALESCE(NEW.model, OLD.model));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER deployments_notify AFTER INSERT OR UPDATE OR DELETE ON deployments
    FOR EACH ROW EXECUTE FUNCTION notify_deployments();

-- One row per running `nbamcp serve`, refreshed by its heartbeat.
CREATE TABLE serving_replicas (
    replica_id   TEXT PRIMARY KEY,
    url          TEXT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ready        BOOLEAN NOT NULL DEFAULT false
);

-- What each replica made of each desired version: loading, ready (taking its weight) or failed.
CREATE TABLE deployment_state (
    replica_id TEXT NOT NULL REFERENCES serving_replicas (replica_id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    version    TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('loading', 'ready', 'failed')),
    weight     DOUBLE PRECISION NOT NULL DEFAULT 0,
    error      TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (replica_id, model, version)
);

-- Every prediction served, written in batches off the request path (drift checks read it).
CREATE TABLE predictions (
    id           BIGSERIAL PRIMARY KEY,
    predicted_at TIMESTAMPTZ NOT NULL,
    replica_id   TEXT NOT NULL,
    model        TEXT NOT NULL,
    version      TEXT NOT NULL,
    routing_key  TEXT,
    features     JSONB NOT NULL,
    output       JSONB NOT NULL,
    latency_us   BIGINT NOT NULL
);

CREATE INDEX predictions_model_time ON predictions (model, predicted_at DESC);
