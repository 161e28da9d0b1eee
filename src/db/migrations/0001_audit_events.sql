-- The audit log: every change nbamcp makes (promote, rollback, archive, deploy, restore, ...)
-- with who, when, what, from and to. MLflow keeps no history of stage or alias moves and no
-- actor; `registry history` and `registry rollback` read this table.
CREATE TABLE audit_events (
    id          BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    -- What was changed: a registered model's name, a database, a deployment, ...
    target      TEXT NOT NULL,
    -- The model version concerned, when there is one.
    version     TEXT,
    from_state  TEXT,
    to_state    TEXT,
    reason      TEXT,
    details     JSONB NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_events_target_time ON audit_events (target, occurred_at DESC, id DESC);
