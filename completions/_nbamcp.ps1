
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'nbamcp' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'nbamcp'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'nbamcp' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check every component (or the named ones) and report healthy, degraded or unhealthy')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'The MLflow model registry: list, show, promote, rollback, archive, history')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare current data with reference data, feature by feature')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Validate a model version''s artifact and deploy it to every serving replica')
            [CompletionResult]::new('undeploy', 'undeploy', [CompletionResultType]::ParameterValue, 'Remove a deployed version from the serving replicas')
            [CompletionResult]::new('ab-split', 'ab-split', [CompletionResultType]::ParameterValue, 'Set the traffic split between a model''s deployed versions, or --show it')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'The serving replicas'' model and response caches: stats, clear')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Backups of PostgreSQL into S3: create, list, verify, restore, prune')
            [CompletionResult]::new('maintenance', 'maintenance', [CompletionResultType]::ParameterValue, 'Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show, validate or create the configuration')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'nbamcp''s own database schema: apply and inspect migrations')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-artifacts', 'generate-artifacts', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ from this command tree (--check: fail when they are stale)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;health' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline for each component check [default: health.timeout, 5s]')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Check again every SECONDS, redrawing in place on a terminal, until Ctrl-C')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'When unhealthy, raise CRITICAL alerts (System Unhealthy; Database Connection Failed when the database is down, then sent by webhook only). One per incident: not raised again while an unacknowledged one from the last hour stands')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every version of every model (or of one): stage, aliases, status, age, key metric')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One version in detail: artifact URI, run metrics and params, tags, audit history')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Move a version to production or staging (stage and alias), gated on its run metrics')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Restore the version that held production before the current one (from the audit log)')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Archive a version, or every version older than a duration (never the production one)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The audit log of a model: who moved what, when, from and to, and why')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;registry;list' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only this model')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Only versions in this stage')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only versions created longer ago than this (e.g. 90d)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Results per MLflow search page (default: MLflow''s maximum); for tests of paging')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry;show' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'The version in this stage')
            [CompletionResult]::new('--alias', '--alias', [CompletionResultType]::ParameterName, 'The version this alias points at')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry;promote' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The target stage (its alias, `production` or `staging`, moves with it)')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'A policy gate on the version''s run metrics, e.g. accuracy>=0.85 (repeatable; added to registry.require from config)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit log')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--archive-existing', '--archive-existing', [CompletionResultType]::ParameterName, 'Archive the versions now in the target stage [default: on for production, off for staging]')
            [CompletionResult]::new('--no-archive-existing', '--no-archive-existing', [CompletionResultType]::ParameterName, 'Leave the versions now in the target stage where they are')
            [CompletionResult]::new('--no-require-defaults', '--no-require-defaults', [CompletionResultType]::ParameterName, 'Skip the gates in registry.require (only --require applies)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry;rollback' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Roll back to this version instead of the one the audit log names')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit log')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry;archive' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Archive every version created longer ago than this (e.g. 90d), except production')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --older-than: only this model')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit log')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry;history' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events, newest first')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;registry;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every version of every model (or of one): stage, aliases, status, age, key metric')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One version in detail: artifact URI, run metrics and params, tags, audit history')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Move a version to production or staging (stage and alias), gated on its run metrics')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Restore the version that held production before the current one (from the audit log)')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Archive a version, or every version older than a duration (never the production one)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The audit log of a model: who moved what, when, from and to, and why')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;registry;help;list' {
            break
        }
        'nbamcp;registry;help;show' {
            break
        }
        'nbamcp;registry;help;promote' {
            break
        }
        'nbamcp;registry;help;rollback' {
            break
        }
        'nbamcp;registry;help;archive' {
            break
        }
        'nbamcp;registry;help;history' {
            break
        }
        'nbamcp;registry;help;help' {
            break
        }
        'nbamcp;drift' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Test each feature of the current data against the reference (exit 3 when any drifted)')
            [CompletionResult]::new('reference', 'reference', [CompletionResultType]::ParameterValue, 'The reference data of model versions: stored in S3, profiled in PostgreSQL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;drift;check' {
            [CompletionResult]::new('--reference', '--reference', [CompletionResultType]::ParameterName, 'The reference data (e.g. the training set), CSV with a header line [default: the reference stored for --model/--version by `drift reference set`]')
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'The current data, CSV with a header line; `-` reads standard input')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --current-from-db: how far back to look')
            [CompletionResult]::new('--features', '--features', [CompletionResultType]::ParameterName, 'Features to test [default: every column both files have]')
            [CompletionResult]::new('--categorical', '--categorical', [CompletionResultType]::ParameterName, 'Columns that hold categories, not numbers')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The test: auto picks KS for numbers, chi-squared for categories and two-valued numbers')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'p-value below which a feature has drifted (KS, chi-squared), after --correction')
            [CompletionResult]::new('--psi-threshold', '--psi-threshold', [CompletionResultType]::ParameterName, 'PSI at or above which a feature has drifted')
            [CompletionResult]::new('--psi-bins', '--psi-bins', [CompletionResultType]::ParameterName, 'PSI bins (cut at the reference''s quantiles)')
            [CompletionResult]::new('--wasserstein-threshold', '--wasserstein-threshold', [CompletionResultType]::ParameterName, 'Wasserstein distance / reference standard deviation at or above which a feature drifted')
            [CompletionResult]::new('--correction', '--correction', [CompletionResultType]::ParameterName, 'Correction of p-values for testing several features')
            [CompletionResult]::new('--missing', '--missing', [CompletionResultType]::ParameterName, 'Missing cells (empty, NA, NaN, null)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The model the data feeds (for --record, and for its stored reference)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The model version the data feeds (for --record, and for its stored reference)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--current-from-db', '--current-from-db', [CompletionResultType]::ParameterName, 'Take the current data from the serving prediction log: the features of --model''s predictions (of --version only, when given) over the last --since')
            [CompletionResult]::new('--require-all-features', '--require-all-features', [CompletionResultType]::ParameterName, 'Exit 2 when a column of the reference is missing from the current data, instead of testing the columns both have after a warning (for CI gates)')
            [CompletionResult]::new('--no-fail', '--no-fail', [CompletionResultType]::ParameterName, 'Exit 0 even when drift is found (report only)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Store the report in PostgreSQL and raise a WARNING alert when a feature drifted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'nbamcp;drift;reference' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The profile of a model version''s reference: columns, types, sizes, quantiles')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every stored reference')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;drift;reference;set' {
            [CompletionResult]::new('--categorical', '--categorical', [CompletionResultType]::ParameterName, 'Columns that hold categories, not numbers (remembered for later checks)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace the version''s existing reference')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;drift;reference;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;drift;reference;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;drift;reference;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The profile of a model version''s reference: columns, types, sizes, quantiles')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every stored reference')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;drift;reference;help;set' {
            break
        }
        'nbamcp;drift;reference;help;show' {
            break
        }
        'nbamcp;drift;reference;help;list' {
            break
        }
        'nbamcp;drift;reference;help;help' {
            break
        }
        'nbamcp;drift;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Test each feature of the current data against the reference (exit 3 when any drifted)')
            [CompletionResult]::new('reference', 'reference', [CompletionResultType]::ParameterValue, 'The reference data of model versions: stored in S3, profiled in PostgreSQL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;drift;help;check' {
            break
        }
        'nbamcp;drift;help;reference' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The profile of a model version''s reference: columns, types, sizes, quantiles')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every stored reference')
            break
        }
        'nbamcp;drift;help;reference;set' {
            break
        }
        'nbamcp;drift;help;reference;show' {
            break
        }
        'nbamcp;drift;help;reference;list' {
            break
        }
        'nbamcp;drift;help;help' {
            break
        }
        'nbamcp;alerts' {
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'Alerts of the last HOURS')
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Only this severity and above')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this type, e.g. "Feature Drift Detected"')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ack', 'ack', [CompletionResultType]::ParameterValue, 'Mark an alert as seen (who and when are recorded)')
            [CompletionResult]::new('test-webhook', 'test-webhook', [CompletionResultType]::ParameterValue, 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;alerts;ack' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;alerts;test-webhook' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;alerts;help' {
            [CompletionResult]::new('ack', 'ack', [CompletionResultType]::ParameterValue, 'Mark an alert as seen (who and when are recorded)')
            [CompletionResult]::new('test-webhook', 'test-webhook', [CompletionResultType]::ParameterValue, 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;alerts;help;ack' {
            break
        }
        'nbamcp;alerts;help;test-webhook' {
            break
        }
        'nbamcp;alerts;help;help' {
            break
        }
        'nbamcp;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: serving.listen, 127.0.0.1:8080]; port 0 picks a free one')
            [CompletionResult]::new('--replica-id', '--replica-id', [CompletionResultType]::ParameterName, 'This replica''s name in the replica list [default: HOSTNAME:PORT]')
            [CompletionResult]::new('--advertise-url', '--advertise-url', [CompletionResultType]::ParameterName, 'The URL others reach this replica at [default: http://LISTEN]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;deploy' {
            [CompletionResult]::new('--weight', '--weight', [CompletionResultType]::ParameterName, 'Share of the traffic for this version, 0..1; the other versions are scaled to the rest')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A note kept with the deployment')
            [CompletionResult]::new('--sha256', '--sha256', [CompletionResultType]::ParameterName, 'Refuse unless the artifact''s sha256 is this (e.g. from the release pipeline)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until every live replica serves the new state [default: on a terminal]')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the desired state is written')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and show the plan; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;undeploy' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Remove it even if it is the last version taking traffic (the model then answers 503)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until every live replica serves the new state [default: on a terminal]')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the desired state is written')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;ab-split' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print the current split with each version''s requests, error rate and latency')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until every live replica serves the new split [default: on a terminal]')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the desired state is written')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;cache' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Model and response cache statistics per replica and in total (warns below the hit-rate line)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;cache;stats' {
            [CompletionResult]::new('--replica', '--replica', [CompletionResultType]::ParameterName, 'Only this replica (base URL) [default: serving.replicas]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;cache;clear' {
            [CompletionResult]::new('--replica', '--replica', [CompletionResultType]::ParameterName, 'Only this replica (base URL) [default: serving.replicas]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Unload cached model versions that are no longer deployed (deployed ones stay loaded)')
            [CompletionResult]::new('--responses', '--responses', [CompletionResultType]::ParameterName, 'Empty the response cache')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Both (the default)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;cache;help' {
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Model and response cache statistics per replica and in total (warns below the hit-rate line)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;cache;help;stats' {
            break
        }
        'nbamcp;cache;help;clear' {
            break
        }
        'nbamcp;cache;help;help' {
            break
        }
        'nbamcp;backup' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The backups in S3, from their manifests alone (works with the database down)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a database, checking its checksum on the way')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete backups past retention, and uploads that never completed')
            [CompletionResult]::new('verify-artifacts', 'verify-artifacts', [CompletionResultType]::ParameterValue, 'Check that every registered model version''s artifacts are in S3 (exit 3 when not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;backup;create' {
            [CompletionResult]::new('--database', '--database', [CompletionResultType]::ParameterName, 'The database to back up, on the server of database.url [default: database.url''s]')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A note kept in the manifest, e.g. "before migration 0005"')
            [CompletionResult]::new('--compression', '--compression', [CompletionResultType]::ParameterName, 'Compression of the stored archive [default: backup.compression, zstd]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every configured database: database.url''s and backup.databases (e.g. MLflow''s)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Afterwards, prune per backup.keep_days / backup.keep_last (for cron)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;backup;list' {
            [CompletionResult]::new('--database', '--database', [CompletionResultType]::ParameterName, 'Only backups of this database')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also objects without a manifest (incomplete) and uploads never completed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;backup;verify' {
            [CompletionResult]::new('--database', '--database', [CompletionResultType]::ParameterName, 'With --latest: of this database')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'The newest backup (of --database, if given)')
            [CompletionResult]::new('--restore', '--restore', [CompletionResultType]::ParameterName, 'Also restore it into a scratch database and compare row counts with the manifest')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;backup;restore' {
            [CompletionResult]::new('--target-db', '--target-db', [CompletionResultType]::ParameterName, 'The database to restore into, on the server of database.url')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create the target database (it must not exist)')
            [CompletionResult]::new('--clean', '--clean', [CompletionResultType]::ParameterName, 'Drop the target''s objects that the backup contains before recreating them')
            [CompletionResult]::new('--force-connections', '--force-connections', [CompletionResultType]::ParameterName, 'Restore even though other sessions are connected to the target')
            [CompletionResult]::new('--no-owner', '--no-owner', [CompletionResultType]::ParameterName, 'Skip restoring ownership (when the backup''s roles do not exist here)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;backup;prune' {
            [CompletionResult]::new('--keep-days', '--keep-days', [CompletionResultType]::ParameterName, 'Delete backups older than this many days [default: backup.keep_days, 7]')
            [CompletionResult]::new('--keep-last', '--keep-last', [CompletionResultType]::ParameterName, 'Always keep this many newest backups of each database [default: backup.keep_last]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this time (RFC 3339); for tests and what-if checks')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted and delete nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;backup;verify-artifacts' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Only versions in this stage')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only this model')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;backup;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The backups in S3, from their manifests alone (works with the database down)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a database, checking its checksum on the way')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete backups past retention, and uploads that never completed')
            [CompletionResult]::new('verify-artifacts', 'verify-artifacts', [CompletionResultType]::ParameterValue, 'Check that every registered model version''s artifacts are in S3 (exit 3 when not)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;backup;help;create' {
            break
        }
        'nbamcp;backup;help;list' {
            break
        }
        'nbamcp;backup;help;verify' {
            break
        }
        'nbamcp;backup;help;restore' {
            break
        }
        'nbamcp;backup;help;prune' {
            break
        }
        'nbamcp;backup;help;verify-artifacts' {
            break
        }
        'nbamcp;backup;help;help' {
            break
        }
        'nbamcp;maintenance' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The checklists (built in, and from maintenance.dirs) with their steps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One checklist: where it comes from and what each step does')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a checklist''s steps in order, recording each result in PostgreSQL as it finishes')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Past runs, newest first')
            [CompletionResult]::new('show-run', 'show-run', [CompletionResultType]::ParameterValue, 'One run: each step''s status, duration and output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;maintenance;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;maintenance;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;maintenance;run' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these steps (in checklist order)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start at this step (the ones before it are not run)')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue run RUN_ID: steps it finished are not run again')
            [CompletionResult]::new('--confirm', '--confirm', [CompletionResultType]::ParameterName, 'Record these manual steps as done (already done by a person)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this time (RFC 3339) for the age cutoffs of archive-models and clear-logs; for tests and what-if checks')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what each step would do; change nothing and record nothing')
            [CompletionResult]::new('--skip-manual', '--skip-manual', [CompletionResultType]::ParameterName, 'Record manual steps as skipped instead of pending (unattended runs)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do it without asking (needed when not on a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;maintenance;history' {
            [CompletionResult]::new('--checklist', '--checklist', [CompletionResultType]::ParameterName, 'Only runs of this checklist')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many runs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;maintenance;show-run' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;maintenance;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The checklists (built in, and from maintenance.dirs) with their steps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One checklist: where it comes from and what each step does')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a checklist''s steps in order, recording each result in PostgreSQL as it finishes')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Past runs, newest first')
            [CompletionResult]::new('show-run', 'show-run', [CompletionResultType]::ParameterValue, 'One run: each step''s status, duration and output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;maintenance;help;list' {
            break
        }
        'nbamcp;maintenance;help;show' {
            break
        }
        'nbamcp;maintenance;help;run' {
            break
        }
        'nbamcp;maintenance;help;history' {
            break
        }
        'nbamcp;maintenance;help;show-run' {
            break
        }
        'nbamcp;maintenance;help;help' {
            break
        }
        'nbamcp;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (secrets masked) and where it came from')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Load the configuration and report problems (exit 2 when it is invalid)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented configuration template')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;config;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;config;validate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;config;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Overwrite an existing file without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (secrets masked) and where it came from')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Load the configuration and report problems (exit 2 when it is invalid)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented configuration template')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;config;help;show' {
            break
        }
        'nbamcp;config;help;validate' {
            break
        }
        'nbamcp;config;help;init' {
            break
        }
        'nbamcp;config;help;help' {
            break
        }
        'nbamcp;db' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List migrations and whether each is applied (exit 3 when any is pending or modified)')
            [CompletionResult]::new('vacuum', 'vacuum', [CompletionResultType]::ParameterValue, 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)')
            [CompletionResult]::new('table-sizes', 'table-sizes', [CompletionResultType]::ParameterValue, 'Tables by total size (data, indexes and TOAST), largest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;db;migrate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;db;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;db;vacuum' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--analyze-only', '--analyze-only', [CompletionResultType]::ParameterName, 'ANALYZE only (refresh planner statistics; no VACUUM)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;db;table-sizes' {
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Only tables of these schemas [default: every schema but the system ones]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many tables')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;db;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List migrations and whether each is applied (exit 3 when any is pending or modified)')
            [CompletionResult]::new('vacuum', 'vacuum', [CompletionResultType]::ParameterValue, 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)')
            [CompletionResult]::new('table-sizes', 'table-sizes', [CompletionResultType]::ParameterValue, 'Tables by total size (data, indexes and TOAST), largest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;db;help;migrate' {
            break
        }
        'nbamcp;db;help;status' {
            break
        }
        'nbamcp;db;help;vacuum' {
            break
        }
        'nbamcp;db;help;table-sizes' {
            break
        }
        'nbamcp;db;help;help' {
            break
        }
        'nbamcp;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;generate-artifacts' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'The directory that holds completions/ and man/')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json or yaml for scripts')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Write nothing; exit 3 and list the files that differ')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nbamcp;help' {
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check every component (or the named ones) and report healthy, degraded or unhealthy')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'The MLflow model registry: list, show, promote, rollback, archive, history')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare current data with reference data, feature by feature')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Validate a model version''s artifact and deploy it to every serving replica')
            [CompletionResult]::new('undeploy', 'undeploy', [CompletionResultType]::ParameterValue, 'Remove a deployed version from the serving replicas')
            [CompletionResult]::new('ab-split', 'ab-split', [CompletionResultType]::ParameterValue, 'Set the traffic split between a model''s deployed versions, or --show it')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'The serving replicas'' model and response caches: stats, clear')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Backups of PostgreSQL into S3: create, list, verify, restore, prune')
            [CompletionResult]::new('maintenance', 'maintenance', [CompletionResultType]::ParameterValue, 'Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show, validate or create the configuration')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'nbamcp''s own database schema: apply and inspect migrations')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-artifacts', 'generate-artifacts', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ from this command tree (--check: fail when they are stale)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nbamcp;help;health' {
            break
        }
        'nbamcp;help;registry' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every version of every model (or of one): stage, aliases, status, age, key metric')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One version in detail: artifact URI, run metrics and params, tags, audit history')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Move a version to production or staging (stage and alias), gated on its run metrics')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Restore the version that held production before the current one (from the audit log)')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Archive a version, or every version older than a duration (never the production one)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The audit log of a model: who moved what, when, from and to, and why')
            break
        }
        'nbamcp;help;registry;list' {
            break
        }
        'nbamcp;help;registry;show' {
            break
        }
        'nbamcp;help;registry;promote' {
            break
        }
        'nbamcp;help;registry;rollback' {
            break
        }
        'nbamcp;help;registry;archive' {
            break
        }
        'nbamcp;help;registry;history' {
            break
        }
        'nbamcp;help;drift' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Test each feature of the current data against the reference (exit 3 when any drifted)')
            [CompletionResult]::new('reference', 'reference', [CompletionResultType]::ParameterValue, 'The reference data of model versions: stored in S3, profiled in PostgreSQL')
            break
        }
        'nbamcp;help;drift;check' {
            break
        }
        'nbamcp;help;drift;reference' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The profile of a model version''s reference: columns, types, sizes, quantiles')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every stored reference')
            break
        }
        'nbamcp;help;drift;reference;set' {
            break
        }
        'nbamcp;help;drift;reference;show' {
            break
        }
        'nbamcp;help;drift;reference;list' {
            break
        }
        'nbamcp;help;alerts' {
            [CompletionResult]::new('ack', 'ack', [CompletionResultType]::ParameterValue, 'Mark an alert as seen (who and when are recorded)')
            [CompletionResult]::new('test-webhook', 'test-webhook', [CompletionResultType]::ParameterValue, 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)')
            break
        }
        'nbamcp;help;alerts;ack' {
            break
        }
        'nbamcp;help;alerts;test-webhook' {
            break
        }
        'nbamcp;help;serve' {
            break
        }
        'nbamcp;help;deploy' {
            break
        }
        'nbamcp;help;undeploy' {
            break
        }
        'nbamcp;help;ab-split' {
            break
        }
        'nbamcp;help;cache' {
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Model and response cache statistics per replica and in total (warns below the hit-rate line)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")')
            break
        }
        'nbamcp;help;cache;stats' {
            break
        }
        'nbamcp;help;cache;clear' {
            break
        }
        'nbamcp;help;backup' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The backups in S3, from their manifests alone (works with the database down)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a database, checking its checksum on the way')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete backups past retention, and uploads that never completed')
            [CompletionResult]::new('verify-artifacts', 'verify-artifacts', [CompletionResultType]::ParameterValue, 'Check that every registered model version''s artifacts are in S3 (exit 3 when not)')
            break
        }
        'nbamcp;help;backup;create' {
            break
        }
        'nbamcp;help;backup;list' {
            break
        }
        'nbamcp;help;backup;verify' {
            break
        }
        'nbamcp;help;backup;restore' {
            break
        }
        'nbamcp;help;backup;prune' {
            break
        }
        'nbamcp;help;backup;verify-artifacts' {
            break
        }
        'nbamcp;help;maintenance' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The checklists (built in, and from maintenance.dirs) with their steps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One checklist: where it comes from and what each step does')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a checklist''s steps in order, recording each result in PostgreSQL as it finishes')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Past runs, newest first')
            [CompletionResult]::new('show-run', 'show-run', [CompletionResultType]::ParameterValue, 'One run: each step''s status, duration and output')
            break
        }
        'nbamcp;help;maintenance;list' {
            break
        }
        'nbamcp;help;maintenance;show' {
            break
        }
        'nbamcp;help;maintenance;run' {
            break
        }
        'nbamcp;help;maintenance;history' {
            break
        }
        'nbamcp;help;maintenance;show-run' {
            break
        }
        'nbamcp;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (secrets masked) and where it came from')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Load the configuration and report problems (exit 2 when it is invalid)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented configuration template')
            break
        }
        'nbamcp;help;config;show' {
            break
        }
        'nbamcp;help;config;validate' {
            break
        }
        'nbamcp;help;config;init' {
            break
        }
        'nbamcp;help;db' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List migrations and whether each is applied (exit 3 when any is pending or modified)')
            [CompletionResult]::new('vacuum', 'vacuum', [CompletionResultType]::ParameterValue, 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)')
            [CompletionResult]::new('table-sizes', 'table-sizes', [CompletionResultType]::ParameterValue, 'Tables by total size (data, indexes and TOAST), largest first')
            break
        }
        'nbamcp;help;db;migrate' {
            break
        }
        'nbamcp;help;db;status' {
            break
        }
        'nbamcp;help;db;vacuum' {
            break
        }
        'nbamcp;help;db;table-sizes' {
            break
        }
        'nbamcp;help;completions' {
            break
        }
        'nbamcp;help;generate-artifacts' {
            break
        }
        'nbamcp;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
