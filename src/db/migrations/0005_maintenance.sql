-- Maintenance runs (`nbamcp maintenance run`): one row per run, one row per step as it starts
-- and finishes, so a run that died (Ctrl-C, a crash, a lost connection) can be resumed from
-- the step that did not finish, and `maintenance history` / `show-run` can tell what happened.
CREATE TABLE maintenance_runs (
    id             BIGSERIAL PRIMARY KEY,
    checklist      TEXT NOT NULL,
    -- Where the checklist came from (built-in or a file) and the sha256 of its text, so a
    -- resumed run can warn when the checklist changed in between.
    source         TEXT NOT NULL,
    checklist_sha256 TEXT NOT NULL,
    actor          TEXT NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ,
    -- running; ok; failed; needs_attention (manual steps pending or a check found a problem);
    -- aborted (a person said abort); interrupted (Ctrl-C, or found dead by a later run).
    status         TEXT NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'ok', 'failed', 'needs_attention', 'aborted', 'interrupted')),
    -- How many times it was started (1 + resumes).
    attempts       INTEGER NOT NULL DEFAULT 1,
    options        JSONB NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX maintenance_runs_checklist ON maintenance_runs (checklist, started_at DESC);

CREATE TABLE maintenance_steps (
    run_id       BIGINT NOT NULL REFERENCES maintenance_runs (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    step         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL
                 CHECK (status IN ('running', 'ok', 'failed', 'skipped', 'pending', 'problem')),
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    duration_ms  BIGINT,
    -- What the step did, in words (command steps: the tail of stdout and stderr), redacted.
    output       TEXT NOT NULL DEFAULT '',
    details      JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- Which attempt of the run produced this result.
    attempt      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, step)
);
