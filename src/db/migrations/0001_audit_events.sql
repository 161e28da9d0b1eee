-- The audit log: every change nbamcp makes (promote, rollback, deploy, restore, ...) with who,
-- when, what, from and to. MLflow keeps no history of stage or alias moves and no actor;
-- `registry history` and `registry rollback` read this table.
CREATE TABLE audit_events (
    id          BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    from_state  TEXT,
    to_state    TEXT,
    reason      TEXT,
    details     JSONB NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_events_target_time ON audit_events (target, occurred_at DESC);
