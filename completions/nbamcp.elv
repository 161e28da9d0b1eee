
use builtin;
use str;

set edit:completion:arg-completer[nbamcp] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'nbamcp'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'nbamcp'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand health 'Check every component (or the named ones) and report healthy, degraded or unhealthy'
            cand registry 'The MLflow model registry: list, show, promote, rollback, archive, history'
            cand drift 'Compare current data with reference data, feature by feature'
            cand alerts 'Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one'
            cand serve 'Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log'
            cand deploy 'Validate a model version''s artifact and deploy it to every serving replica'
            cand undeploy 'Remove a deployed version from the serving replicas'
            cand ab-split 'Set the traffic split between a model''s deployed versions, or --show it'
            cand cache 'The serving replicas'' model and response caches: stats, clear'
            cand backup 'Backups of PostgreSQL into S3: create, list, verify, restore, prune'
            cand maintenance 'Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run'
            cand config 'Show, validate or create the configuration'
            cand db 'nbamcp''s own database schema: apply and inspect migrations'
            cand completions 'Print a shell completion script'
            cand generate-artifacts 'Write completions/ and man/ from this command tree (--check: fail when they are stale)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;health'= {
            cand --timeout 'Deadline for each component check [default: health.timeout, 5s]'
            cand --watch 'Check again every SECONDS, redrawing in place on a terminal, until Ctrl-C'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --record 'When unhealthy, raise CRITICAL alerts (System Unhealthy; Database Connection Failed when the database is down, then sent by webhook only). One per incident: not raised again while an unacknowledged one from the last hour stands'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every version of every model (or of one): stage, aliases, status, age, key metric'
            cand show 'One version in detail: artifact URI, run metrics and params, tags, audit history'
            cand promote 'Move a version to production or staging (stage and alias), gated on its run metrics'
            cand rollback 'Restore the version that held production before the current one (from the audit log)'
            cand archive 'Archive a version, or every version older than a duration (never the production one)'
            cand history 'The audit log of a model: who moved what, when, from and to, and why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;registry;list'= {
            cand --name 'Only this model'
            cand --stage 'Only versions in this stage'
            cand --older-than 'Only versions created longer ago than this (e.g. 90d)'
            cand --now 'Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks'
            cand --page-size 'Results per MLflow search page (default: MLflow''s maximum); for tests of paging'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry;show'= {
            cand --stage 'The version in this stage'
            cand --alias 'The version this alias points at'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry;promote'= {
            cand --to 'The target stage (its alias, `production` or `staging`, moves with it)'
            cand --require 'A policy gate on the version''s run metrics, e.g. accuracy>=0.85 (repeatable; added to registry.require from config)'
            cand --reason 'Why, for the audit log'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --archive-existing 'Archive the versions now in the target stage [default: on for production, off for staging]'
            cand --no-archive-existing 'Leave the versions now in the target stage where they are'
            cand --no-require-defaults 'Skip the gates in registry.require (only --require applies)'
            cand --dry-run 'Show the plan and change nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry;rollback'= {
            cand --to 'Roll back to this version instead of the one the audit log names'
            cand --reason 'Why, for the audit log'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --dry-run 'Show the plan and change nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry;archive'= {
            cand --older-than 'Archive every version created longer ago than this (e.g. 90d), except production'
            cand --name 'With --older-than: only this model'
            cand --reason 'Why, for the audit log'
            cand --now 'Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --dry-run 'Show the plan and change nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry;history'= {
            cand --limit 'At most this many events, newest first'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;registry;help'= {
            cand list 'Every version of every model (or of one): stage, aliases, status, age, key metric'
            cand show 'One version in detail: artifact URI, run metrics and params, tags, audit history'
            cand promote 'Move a version to production or staging (stage and alias), gated on its run metrics'
            cand rollback 'Restore the version that held production before the current one (from the audit log)'
            cand archive 'Archive a version, or every version older than a duration (never the production one)'
            cand history 'The audit log of a model: who moved what, when, from and to, and why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;registry;help;list'= {
        }
        &'nbamcp;registry;help;show'= {
        }
        &'nbamcp;registry;help;promote'= {
        }
        &'nbamcp;registry;help;rollback'= {
        }
        &'nbamcp;registry;help;archive'= {
        }
        &'nbamcp;registry;help;history'= {
        }
        &'nbamcp;registry;help;help'= {
        }
        &'nbamcp;drift'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Test each feature of the current data against the reference (exit 3 when any drifted)'
            cand reference 'The reference data of model versions: stored in S3, profiled in PostgreSQL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;drift;check'= {
            cand --reference 'The reference data (e.g. the training set), CSV with a header line [default: the reference stored for --model/--version by `drift reference set`]'
            cand --current 'The current data, CSV with a header line; `-` reads standard input'
            cand --since 'With --current-from-db: how far back to look'
            cand --features 'Features to test [default: every column both files have]'
            cand --categorical 'Columns that hold categories, not numbers'
            cand --method 'The test: auto picks KS for numbers, chi-squared for categories and two-valued numbers'
            cand --threshold 'p-value below which a feature has drifted (KS, chi-squared), after --correction'
            cand --psi-threshold 'PSI at or above which a feature has drifted'
            cand --psi-bins 'PSI bins (cut at the reference''s quantiles)'
            cand --wasserstein-threshold 'Wasserstein distance / reference standard deviation at or above which a feature drifted'
            cand --correction 'Correction of p-values for testing several features'
            cand --missing 'Missing cells (empty, NA, NaN, null)'
            cand --model 'The model the data feeds (for --record, and for its stored reference)'
            cand --version 'The model version the data feeds (for --record, and for its stored reference)'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --current-from-db 'Take the current data from the serving prediction log: the features of --model''s predictions (of --version only, when given) over the last --since'
            cand --require-all-features 'Exit 2 when a column of the reference is missing from the current data, instead of testing the columns both have after a warning (for CI gates)'
            cand --no-fail 'Exit 0 even when drift is found (report only)'
            cand --record 'Store the report in PostgreSQL and raise a WARNING alert when a feature drifted'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'nbamcp;drift;reference'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)'
            cand show 'The profile of a model version''s reference: columns, types, sizes, quantiles'
            cand list 'Every stored reference'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;drift;reference;set'= {
            cand --categorical 'Columns that hold categories, not numbers (remembered for later checks)'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --replace 'Replace the version''s existing reference'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;drift;reference;show'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;drift;reference;list'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;drift;reference;help'= {
            cand set 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)'
            cand show 'The profile of a model version''s reference: columns, types, sizes, quantiles'
            cand list 'Every stored reference'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;drift;reference;help;set'= {
        }
        &'nbamcp;drift;reference;help;show'= {
        }
        &'nbamcp;drift;reference;help;list'= {
        }
        &'nbamcp;drift;reference;help;help'= {
        }
        &'nbamcp;drift;help'= {
            cand check 'Test each feature of the current data against the reference (exit 3 when any drifted)'
            cand reference 'The reference data of model versions: stored in S3, profiled in PostgreSQL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;drift;help;check'= {
        }
        &'nbamcp;drift;help;reference'= {
            cand set 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)'
            cand show 'The profile of a model version''s reference: columns, types, sizes, quantiles'
            cand list 'Every stored reference'
        }
        &'nbamcp;drift;help;reference;set'= {
        }
        &'nbamcp;drift;help;reference;show'= {
        }
        &'nbamcp;drift;help;reference;list'= {
        }
        &'nbamcp;drift;help;help'= {
        }
        &'nbamcp;alerts'= {
            cand --hours 'Alerts of the last HOURS'
            cand --severity 'Only this severity and above'
            cand --type 'Only this type, e.g. "Feature Drift Detected"'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ack 'Mark an alert as seen (who and when are recorded)'
            cand test-webhook 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;alerts;ack'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;alerts;test-webhook'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;alerts;help'= {
            cand ack 'Mark an alert as seen (who and when are recorded)'
            cand test-webhook 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;alerts;help;ack'= {
        }
        &'nbamcp;alerts;help;test-webhook'= {
        }
        &'nbamcp;alerts;help;help'= {
        }
        &'nbamcp;serve'= {
            cand --listen 'Address to listen on [default: serving.listen, 127.0.0.1:8080]; port 0 picks a free one'
            cand --replica-id 'This replica''s name in the replica list [default: HOSTNAME:PORT]'
            cand --advertise-url 'The URL others reach this replica at [default: http://LISTEN]'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;deploy'= {
            cand --weight 'Share of the traffic for this version, 0..1; the other versions are scaled to the rest'
            cand --description 'A note kept with the deployment'
            cand --sha256 'Refuse unless the artifact''s sha256 is this (e.g. from the release pipeline)'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --wait 'Wait until every live replica serves the new state [default: on a terminal]'
            cand --no-wait 'Return once the desired state is written'
            cand --dry-run 'Validate and show the plan; change nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;undeploy'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --force 'Remove it even if it is the last version taking traffic (the model then answers 503)'
            cand --wait 'Wait until every live replica serves the new state [default: on a terminal]'
            cand --no-wait 'Return once the desired state is written'
            cand --dry-run 'Show the plan; change nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;ab-split'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --show 'Print the current split with each version''s requests, error rate and latency'
            cand --wait 'Wait until every live replica serves the new split [default: on a terminal]'
            cand --no-wait 'Return once the desired state is written'
            cand --dry-run 'Show the plan; change nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;cache'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand stats 'Model and response cache statistics per replica and in total (warns below the hit-rate line)'
            cand clear 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;cache;stats'= {
            cand --replica 'Only this replica (base URL) [default: serving.replicas]'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;cache;clear'= {
            cand --replica 'Only this replica (base URL) [default: serving.replicas]'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --model 'Unload cached model versions that are no longer deployed (deployed ones stay loaded)'
            cand --responses 'Empty the response cache'
            cand --all 'Both (the default)'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;cache;help'= {
            cand stats 'Model and response cache statistics per replica and in total (warns below the hit-rate line)'
            cand clear 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;cache;help;stats'= {
        }
        &'nbamcp;cache;help;clear'= {
        }
        &'nbamcp;cache;help;help'= {
        }
        &'nbamcp;backup'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last'
            cand list 'The backups in S3, from their manifests alone (works with the database down)'
            cand verify 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)'
            cand restore 'Restore a backup into a database, checking its checksum on the way'
            cand prune 'Delete backups past retention, and uploads that never completed'
            cand verify-artifacts 'Check that every registered model version''s artifacts are in S3 (exit 3 when not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;backup;create'= {
            cand --database 'The database to back up, on the server of database.url [default: database.url''s]'
            cand --label 'A note kept in the manifest, e.g. "before migration 0005"'
            cand --compression 'Compression of the stored archive [default: backup.compression, zstd]'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --all 'Every configured database: database.url''s and backup.databases (e.g. MLflow''s)'
            cand --prune 'Afterwards, prune per backup.keep_days / backup.keep_last (for cron)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;backup;list'= {
            cand --database 'Only backups of this database'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --all 'Also objects without a manifest (incomplete) and uploads never completed'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;backup;verify'= {
            cand --database 'With --latest: of this database'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --latest 'The newest backup (of --database, if given)'
            cand --restore 'Also restore it into a scratch database and compare row counts with the manifest'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;backup;restore'= {
            cand --target-db 'The database to restore into, on the server of database.url'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --create 'Create the target database (it must not exist)'
            cand --clean 'Drop the target''s objects that the backup contains before recreating them'
            cand --force-connections 'Restore even though other sessions are connected to the target'
            cand --no-owner 'Skip restoring ownership (when the backup''s roles do not exist here)'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;backup;prune'= {
            cand --keep-days 'Delete backups older than this many days [default: backup.keep_days, 7]'
            cand --keep-last 'Always keep this many newest backups of each database [default: backup.keep_last]'
            cand --now 'Pretend it is this time (RFC 3339); for tests and what-if checks'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --dry-run 'Show what would be deleted and delete nothing'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;backup;verify-artifacts'= {
            cand --stage 'Only versions in this stage'
            cand --name 'Only this model'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;backup;help'= {
            cand create 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last'
            cand list 'The backups in S3, from their manifests alone (works with the database down)'
            cand verify 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)'
            cand restore 'Restore a backup into a database, checking its checksum on the way'
            cand prune 'Delete backups past retention, and uploads that never completed'
            cand verify-artifacts 'Check that every registered model version''s artifacts are in S3 (exit 3 when not)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;backup;help;create'= {
        }
        &'nbamcp;backup;help;list'= {
        }
        &'nbamcp;backup;help;verify'= {
        }
        &'nbamcp;backup;help;restore'= {
        }
        &'nbamcp;backup;help;prune'= {
        }
        &'nbamcp;backup;help;verify-artifacts'= {
        }
        &'nbamcp;backup;help;help'= {
        }
        &'nbamcp;maintenance'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The checklists (built in, and from maintenance.dirs) with their steps'
            cand show 'One checklist: where it comes from and what each step does'
            cand run 'Run a checklist''s steps in order, recording each result in PostgreSQL as it finishes'
            cand history 'Past runs, newest first'
            cand show-run 'One run: each step''s status, duration and output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;maintenance;list'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;maintenance;show'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;maintenance;run'= {
            cand --only 'Run only these steps (in checklist order)'
            cand --from 'Start at this step (the ones before it are not run)'
            cand --resume 'Continue run RUN_ID: steps it finished are not run again'
            cand --confirm 'Record these manual steps as done (already done by a person)'
            cand --now 'Pretend it is this time (RFC 3339) for the age cutoffs of archive-models and clear-logs; for tests and what-if checks'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --dry-run 'Show what each step would do; change nothing and record nothing'
            cand --skip-manual 'Record manual steps as skipped instead of pending (unattended runs)'
            cand -y 'Do it without asking (needed when not on a terminal)'
            cand --yes 'Do it without asking (needed when not on a terminal)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;maintenance;history'= {
            cand --checklist 'Only runs of this checklist'
            cand --limit 'At most this many runs'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;maintenance;show-run'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;maintenance;help'= {
            cand list 'The checklists (built in, and from maintenance.dirs) with their steps'
            cand show 'One checklist: where it comes from and what each step does'
            cand run 'Run a checklist''s steps in order, recording each result in PostgreSQL as it finishes'
            cand history 'Past runs, newest first'
            cand show-run 'One run: each step''s status, duration and output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;maintenance;help;list'= {
        }
        &'nbamcp;maintenance;help;show'= {
        }
        &'nbamcp;maintenance;help;run'= {
        }
        &'nbamcp;maintenance;help;history'= {
        }
        &'nbamcp;maintenance;help;show-run'= {
        }
        &'nbamcp;maintenance;help;help'= {
        }
        &'nbamcp;config'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the effective configuration (secrets masked) and where it came from'
            cand validate 'Load the configuration and report problems (exit 2 when it is invalid)'
            cand init 'Write a commented configuration template'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;config;show'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;config;validate'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;config;init'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --yes 'Overwrite an existing file without asking'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;config;help'= {
            cand show 'Print the effective configuration (secrets masked) and where it came from'
            cand validate 'Load the configuration and report problems (exit 2 when it is invalid)'
            cand init 'Write a commented configuration template'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;config;help;show'= {
        }
        &'nbamcp;config;help;validate'= {
        }
        &'nbamcp;config;help;init'= {
        }
        &'nbamcp;config;help;help'= {
        }
        &'nbamcp;db'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand migrate 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)'
            cand status 'List migrations and whether each is applied (exit 3 when any is pending or modified)'
            cand vacuum 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)'
            cand table-sizes 'Tables by total size (data, indexes and TOAST), largest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;db;migrate'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;db;status'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;db;vacuum'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --analyze-only 'ANALYZE only (refresh planner statistics; no VACUUM)'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;db;table-sizes'= {
            cand --schema 'Only tables of these schemas [default: every schema but the system ones]'
            cand --limit 'At most this many tables'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;db;help'= {
            cand migrate 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)'
            cand status 'List migrations and whether each is applied (exit 3 when any is pending or modified)'
            cand vacuum 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)'
            cand table-sizes 'Tables by total size (data, indexes and TOAST), largest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;db;help;migrate'= {
        }
        &'nbamcp;db;help;status'= {
        }
        &'nbamcp;db;help;vacuum'= {
        }
        &'nbamcp;db;help;table-sizes'= {
        }
        &'nbamcp;db;help;help'= {
        }
        &'nbamcp;completions'= {
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;generate-artifacts'= {
            cand --out-dir 'The directory that holds completions/ and man/'
            cand --config 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]'
            cand -o 'Output format: table for people, json or yaml for scripts'
            cand --output 'Output format: table for people, json or yaml for scripts'
            cand --check 'Write nothing; exit 3 and list the files that differ'
            cand -q 'Only errors on stderr: no progress, no notes'
            cand --quiet 'Only errors on stderr: no progress, no notes'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
            cand --no-color 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nbamcp;help'= {
            cand health 'Check every component (or the named ones) and report healthy, degraded or unhealthy'
            cand registry 'The MLflow model registry: list, show, promote, rollback, archive, history'
            cand drift 'Compare current data with reference data, feature by feature'
            cand alerts 'Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one'
            cand serve 'Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log'
            cand deploy 'Validate a model version''s artifact and deploy it to every serving replica'
            cand undeploy 'Remove a deployed version from the serving replicas'
            cand ab-split 'Set the traffic split between a model''s deployed versions, or --show it'
            cand cache 'The serving replicas'' model and response caches: stats, clear'
            cand backup 'Backups of PostgreSQL into S3: create, list, verify, restore, prune'
            cand maintenance 'Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run'
            cand config 'Show, validate or create the configuration'
            cand db 'nbamcp''s own database schema: apply and inspect migrations'
            cand completions 'Print a shell completion script'
            cand generate-artifacts 'Write completions/ and man/ from this command tree (--check: fail when they are stale)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nbamcp;help;health'= {
        }
        &'nbamcp;help;registry'= {
            cand list 'Every version of every model (or of one): stage, aliases, status, age, key metric'
            cand show 'One version in detail: artifact URI, run metrics and params, tags, audit history'
            cand promote 'Move a version to production or staging (stage and alias), gated on its run metrics'
            cand rollback 'Restore the version that held production before the current one (from the audit log)'
            cand archive 'Archive a version, or every version older than a duration (never the production one)'
            cand history 'The audit log of a model: who moved what, when, from and to, and why'
        }
        &'nbamcp;help;registry;list'= {
        }
        &'nbamcp;help;registry;show'= {
        }
        &'nbamcp;help;registry;promote'= {
        }
        &'nbamcp;help;registry;rollback'= {
        }
        &'nbamcp;help;registry;archive'= {
        }
        &'nbamcp;help;registry;history'= {
        }
        &'nbamcp;help;drift'= {
            cand check 'Test each feature of the current data against the reference (exit 3 when any drifted)'
            cand reference 'The reference data of model versions: stored in S3, profiled in PostgreSQL'
        }
        &'nbamcp;help;drift;check'= {
        }
        &'nbamcp;help;drift;reference'= {
            cand set 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)'
            cand show 'The profile of a model version''s reference: columns, types, sizes, quantiles'
            cand list 'Every stored reference'
        }
        &'nbamcp;help;drift;reference;set'= {
        }
        &'nbamcp;help;drift;reference;show'= {
        }
        &'nbamcp;help;drift;reference;list'= {
        }
        &'nbamcp;help;alerts'= {
            cand ack 'Mark an alert as seen (who and when are recorded)'
            cand test-webhook 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)'
        }
        &'nbamcp;help;alerts;ack'= {
        }
        &'nbamcp;help;alerts;test-webhook'= {
        }
        &'nbamcp;help;serve'= {
        }
        &'nbamcp;help;deploy'= {
        }
        &'nbamcp;help;undeploy'= {
        }
        &'nbamcp;help;ab-split'= {
        }
        &'nbamcp;help;cache'= {
            cand stats 'Model and response cache statistics per replica and in total (warns below the hit-rate line)'
            cand clear 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")'
        }
        &'nbamcp;help;cache;stats'= {
        }
        &'nbamcp;help;cache;clear'= {
        }
        &'nbamcp;help;backup'= {
            cand create 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last'
            cand list 'The backups in S3, from their manifests alone (works with the database down)'
            cand verify 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)'
            cand restore 'Restore a backup into a database, checking its checksum on the way'
            cand prune 'Delete backups past retention, and uploads that never completed'
            cand verify-artifacts 'Check that every registered model version''s artifacts are in S3 (exit 3 when not)'
        }
        &'nbamcp;help;backup;create'= {
        }
        &'nbamcp;help;backup;list'= {
        }
        &'nbamcp;help;backup;verify'= {
        }
        &'nbamcp;help;backup;restore'= {
        }
        &'nbamcp;help;backup;prune'= {
        }
        &'nbamcp;help;backup;verify-artifacts'= {
        }
        &'nbamcp;help;maintenance'= {
            cand list 'The checklists (built in, and from maintenance.dirs) with their steps'
            cand show 'One checklist: where it comes from and what each step does'
            cand run 'Run a checklist''s steps in order, recording each result in PostgreSQL as it finishes'
            cand history 'Past runs, newest first'
            cand show-run 'One run: each step''s status, duration and output'
        }
        &'nbamcp;help;maintenance;list'= {
        }
        &'nbamcp;help;maintenance;show'= {
        }
        &'nbamcp;help;maintenance;run'= {
        }
        &'nbamcp;help;maintenance;history'= {
        }
        &'nbamcp;help;maintenance;show-run'= {
        }
        &'nbamcp;help;config'= {
            cand show 'Print the effective configuration (secrets masked) and where it came from'
            cand validate 'Load the configuration and report problems (exit 2 when it is invalid)'
            cand init 'Write a commented configuration template'
        }
        &'nbamcp;help;config;show'= {
        }
        &'nbamcp;help;config;validate'= {
        }
        &'nbamcp;help;config;init'= {
        }
        &'nbamcp;help;db'= {
            cand migrate 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)'
            cand status 'List migrations and whether each is applied (exit 3 when any is pending or modified)'
            cand vacuum 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)'
            cand table-sizes 'Tables by total size (data, indexes and TOAST), largest first'
        }
        &'nbamcp;help;db;migrate'= {
        }
        &'nbamcp;help;db;status'= {
        }
        &'nbamcp;help;db;vacuum'= {
        }
        &'nbamcp;help;db;table-sizes'= {
        }
        &'nbamcp;help;completions'= {
        }
        &'nbamcp;help;generate-artifacts'= {
        }
        &'nbamcp;help;help'= {
        }
    ]
    $completions[$command]
}
