# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_nbamcp_global_optspecs
    string join \n config= o/output= q/quiet v/verbose no-color h/help V/version
end

function __fish_nbamcp_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_nbamcp_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_nbamcp_using_subcommand
    set -l cmd (__fish_nbamcp_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c nbamcp -n "__fish_nbamcp_needs_command" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_needs_command" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_needs_command" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "health" -d 'Check every component (or the named ones) and report healthy, degraded or unhealthy'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "registry" -d 'The MLflow model registry: list, show, promote, rollback, archive, history'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "drift" -d 'Compare current data with reference data, feature by feature'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "alerts" -d 'Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "serve" -d 'Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "deploy" -d 'Validate a model version\'s artifact and deploy it to every serving replica'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "undeploy" -d 'Remove a deployed version from the serving replicas'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "ab-split" -d 'Set the traffic split between a model\'s deployed versions, or --show it'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "cache" -d 'The serving replicas\' model and response caches: stats, clear'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "backup" -d 'Backups of PostgreSQL into S3: create, list, verify, restore, prune'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "maintenance" -d 'Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "config" -d 'Show, validate or create the configuration'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "db" -d 'nbamcp\'s own database schema: apply and inspect migrations'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "generate-artifacts" -d 'Write completions/ and man/ from this command tree (--check: fail when they are stale)'
complete -c nbamcp -n "__fish_nbamcp_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -l timeout -d 'Deadline for each component check [default: health.timeout, 5s]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -l watch -d 'Check again every SECONDS, redrawing in place on a terminal, until Ctrl-C' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -l record -d 'When unhealthy, raise CRITICAL alerts (System Unhealthy; Database Connection Failed when the database is down, then sent by webhook only). One per incident: not raised again while an unacknowledged one from the last hour stands'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand health" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "list" -d 'Every version of every model (or of one): stage, aliases, status, age, key metric'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "show" -d 'One version in detail: artifact URI, run metrics and params, tags, audit history'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "promote" -d 'Move a version to production or staging (stage and alias), gated on its run metrics'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "rollback" -d 'Restore the version that held production before the current one (from the audit log)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "archive" -d 'Archive a version, or every version older than a duration (never the production one)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "history" -d 'The audit log of a model: who moved what, when, from and to, and why'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and not __fish_seen_subcommand_from list show promote rollback archive history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l name -d 'Only this model' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l stage -d 'Only versions in this stage' -r -f -a "production\t''
staging\t''
archived\t''
none\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l older-than -d 'Only versions created longer ago than this (e.g. 90d)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l now -d 'Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l page-size -d 'Results per MLflow search page (default: MLflow\'s maximum); for tests of paging' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -l stage -d 'The version in this stage' -r -f -a "production\t''
staging\t''
archived\t''
none\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -l alias -d 'The version this alias points at' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l to -d 'The target stage (its alias, `production` or `staging`, moves with it)' -r -f -a "production\t''
staging\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l require -d 'A policy gate on the version\'s run metrics, e.g. accuracy>=0.85 (repeatable; added to registry.require from config)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l reason -d 'Why, for the audit log' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l archive-existing -d 'Archive the versions now in the target stage [default: on for production, off for staging]'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l no-archive-existing -d 'Leave the versions now in the target stage where they are'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l no-require-defaults -d 'Skip the gates in registry.require (only --require applies)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l dry-run -d 'Show the plan and change nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from promote" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -l to -d 'Roll back to this version instead of the one the audit log names' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -l reason -d 'Why, for the audit log' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -l dry-run -d 'Show the plan and change nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l older-than -d 'Archive every version created longer ago than this (e.g. 90d), except production' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l name -d 'With --older-than: only this model' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l reason -d 'Why, for the audit log' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l now -d 'Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l dry-run -d 'Show the plan and change nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from archive" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -l limit -d 'At most this many events, newest first' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every version of every model (or of one): stage, aliases, status, age, key metric'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "show" -d 'One version in detail: artifact URI, run metrics and params, tags, audit history'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "promote" -d 'Move a version to production or staging (stage and alias), gated on its run metrics'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Restore the version that held production before the current one (from the audit log)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "archive" -d 'Archive a version, or every version older than a duration (never the production one)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "history" -d 'The audit log of a model: who moved what, when, from and to, and why'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -f -a "check" -d 'Test each feature of the current data against the reference (exit 3 when any drifted)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -f -a "reference" -d 'The reference data of model versions: stored in S3, profiled in PostgreSQL'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and not __fish_seen_subcommand_from check reference help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l reference -d 'The reference data (e.g. the training set), CSV with a header line [default: the reference stored for --model/--version by `drift reference set`]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l current -d 'The current data, CSV with a header line; `-` reads standard input' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l since -d 'With --current-from-db: how far back to look' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l features -d 'Features to test [default: every column both files have]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l categorical -d 'Columns that hold categories, not numbers' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l method -d 'The test: auto picks KS for numbers, chi-squared for categories and two-valued numbers' -r -f -a "auto\t'KS for numeric columns, chi-squared for categorical ones and for numeric columns with at most two distinct values (flags such as back_to_back)'
ks\t''
psi\t''
chi2\t''
wasserstein\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l threshold -d 'p-value below which a feature has drifted (KS, chi-squared), after --correction' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l psi-threshold -d 'PSI at or above which a feature has drifted' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l psi-bins -d 'PSI bins (cut at the reference\'s quantiles)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l wasserstein-threshold -d 'Wasserstein distance / reference standard deviation at or above which a feature drifted' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l correction -d 'Correction of p-values for testing several features' -r -f -a "none\t''
bonferroni\t'p × m, capped at 1: controls the chance of any false alarm'
bh\t'Benjamini–Hochberg step-up: controls the share of false alarms'"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l missing -d 'Missing cells (empty, NA, NaN, null)' -r -f -a "drop\t'Count them and leave them out of the test'
error\t'Refuse the file (exit 2), naming the first missing cell'
category\t'In categorical columns, a category of their own; in numeric columns, dropped'"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l model -d 'The model the data feeds (for --record, and for its stored reference)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l version -d 'The model version the data feeds (for --record, and for its stored reference)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l current-from-db -d 'Take the current data from the serving prediction log: the features of --model\'s predictions (of --version only, when given) over the last --since'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l require-all-features -d 'Exit 2 when a column of the reference is missing from the current data, instead of testing the columns both have after a warning (for CI gates)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l no-fail -d 'Exit 0 even when drift is found (report only)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l record -d 'Store the report in PostgreSQL and raise a WARNING alert when a feature drifted'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -f -a "set" -d 'Store FILE as the reference data of a model version (then `drift check --model NAME --version V` needs no --reference)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -f -a "show" -d 'The profile of a model version\'s reference: columns, types, sizes, quantiles'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -f -a "list" -d 'Every stored reference'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from reference" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from help" -f -a "check" -d 'Test each feature of the current data against the reference (exit 3 when any drifted)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from help" -f -a "reference" -d 'The reference data of model versions: stored in S3, profiled in PostgreSQL'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand drift; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -l hours -d 'Alerts of the last HOURS' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -l severity -d 'Only this severity and above' -r -f -a "info\t''
warning\t''
critical\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -l type -d 'Only this type, e.g. "Feature Drift Detected"' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -f -a "ack" -d 'Mark an alert as seen (who and when are recorded)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -f -a "test-webhook" -d 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and not __fish_seen_subcommand_from ack test-webhook help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from test-webhook" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "ack" -d 'Mark an alert as seen (who and when are recorded)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "test-webhook" -d 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -l listen -d 'Address to listen on [default: serving.listen, 127.0.0.1:8080]; port 0 picks a free one' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -l replica-id -d 'This replica\'s name in the replica list [default: HOSTNAME:PORT]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -l advertise-url -d 'The URL others reach this replica at [default: http://LISTEN]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand serve" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l weight -d 'Share of the traffic for this version, 0..1; the other versions are scaled to the rest' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l description -d 'A note kept with the deployment' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l sha256 -d 'Refuse unless the artifact\'s sha256 is this (e.g. from the release pipeline)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l wait -d 'Wait until every live replica serves the new state [default: on a terminal]'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l no-wait -d 'Return once the desired state is written'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l dry-run -d 'Validate and show the plan; change nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand deploy" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -l force -d 'Remove it even if it is the last version taking traffic (the model then answers 503)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -l wait -d 'Wait until every live replica serves the new state [default: on a terminal]'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -l no-wait -d 'Return once the desired state is written'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -l dry-run -d 'Show the plan; change nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand undeploy" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -l show -d 'Print the current split with each version\'s requests, error rate and latency'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -l wait -d 'Wait until every live replica serves the new split [default: on a terminal]'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -l no-wait -d 'Return once the desired state is written'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -l dry-run -d 'Show the plan; change nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand ab-split" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -f -a "stats" -d 'Model and response cache statistics per replica and in total (warns below the hit-rate line)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -f -a "clear" -d 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and not __fish_seen_subcommand_from stats clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -l replica -d 'Only this replica (base URL) [default: serving.replicas]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -l replica -d 'Only this replica (base URL) [default: serving.replicas]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -l model -d 'Unload cached model versions that are no longer deployed (deployed ones stay loaded)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -l responses -d 'Empty the response cache'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -l all -d 'Both (the default)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Model and response cache statistics per replica and in total (warns below the hit-rate line)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "create" -d 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "list" -d 'The backups in S3, from their manifests alone (works with the database down)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "verify" -d 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "restore" -d 'Restore a backup into a database, checking its checksum on the way'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "prune" -d 'Delete backups past retention, and uploads that never completed'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "verify-artifacts" -d 'Check that every registered model version\'s artifacts are in S3 (exit 3 when not)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune verify-artifacts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l database -d 'The database to back up, on the server of database.url [default: database.url\'s]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l label -d 'A note kept in the manifest, e.g. "before migration 0005"' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l compression -d 'Compression of the stored archive [default: backup.compression, zstd]' -r -f -a "zstd\t'pg_dump writes an uncompressed archive; nbamcp compresses the stream with zstd (level 3)'
gzip\t'pg_dump\'s own zlib compression inside the archive (pg_restore reads it as is)'
none\t'No compression at all'"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l all -d 'Every configured database: database.url\'s and backup.databases (e.g. MLflow\'s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l prune -d 'Afterwards, prune per backup.keep_days / backup.keep_last (for cron)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -l database -d 'Only backups of this database' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -l all -d 'Also objects without a manifest (incomplete) and uploads never completed'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -l database -d 'With --latest: of this database' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -l latest -d 'The newest backup (of --database, if given)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -l restore -d 'Also restore it into a scratch database and compare row counts with the manifest'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l target-db -d 'The database to restore into, on the server of database.url' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l create -d 'Create the target database (it must not exist)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l clean -d 'Drop the target\'s objects that the backup contains before recreating them'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l force-connections -d 'Restore even though other sessions are connected to the target'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l no-owner -d 'Skip restoring ownership (when the backup\'s roles do not exist here)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from restore" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -l keep-days -d 'Delete backups older than this many days [default: backup.keep_days, 7]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -l keep-last -d 'Always keep this many newest backups of each database [default: backup.keep_last]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -l now -d 'Pretend it is this time (RFC 3339); for tests and what-if checks' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -l dry-run -d 'Show what would be deleted and delete nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -l stage -d 'Only versions in this stage' -r -f -a "production\t''
staging\t''
archived\t''
none\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -l name -d 'Only this model' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from verify-artifacts" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "create" -d 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "list" -d 'The backups in S3, from their manifests alone (works with the database down)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore a backup into a database, checking its checksum on the way'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete backups past retention, and uploads that never completed'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify-artifacts" -d 'Check that every registered model version\'s artifacts are in S3 (exit 3 when not)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -f -a "list" -d 'The checklists (built in, and from maintenance.dirs) with their steps'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -f -a "show" -d 'One checklist: where it comes from and what each step does'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -f -a "run" -d 'Run a checklist\'s steps in order, recording each result in PostgreSQL as it finishes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -f -a "history" -d 'Past runs, newest first'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -f -a "show-run" -d 'One run: each step\'s status, duration and output'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and not __fish_seen_subcommand_from list show run history show-run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l only -d 'Run only these steps (in checklist order)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l from -d 'Start at this step (the ones before it are not run)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l resume -d 'Continue run RUN_ID: steps it finished are not run again' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l confirm -d 'Record these manual steps as done (already done by a person)' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l now -d 'Pretend it is this time (RFC 3339) for the age cutoffs of archive-models and clear-logs; for tests and what-if checks' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l dry-run -d 'Show what each step would do; change nothing and record nothing'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l skip-manual -d 'Record manual steps as skipped instead of pending (unattended runs)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -s y -l yes -d 'Do it without asking (needed when not on a terminal)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -l checklist -d 'Only runs of this checklist' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -l limit -d 'At most this many runs' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from show-run" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "list" -d 'The checklists (built in, and from maintenance.dirs) with their steps'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "show" -d 'One checklist: where it comes from and what each step does'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a checklist\'s steps in order, recording each result in PostgreSQL as it finishes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "history" -d 'Past runs, newest first'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "show-run" -d 'One run: each step\'s status, duration and output'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand maintenance; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -f -a "show" -d 'Print the effective configuration (secrets masked) and where it came from'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -f -a "validate" -d 'Load the configuration and report problems (exit 2 when it is invalid)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -f -a "init" -d 'Write a commented configuration template'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and not __fish_seen_subcommand_from show validate init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -l yes -d 'Overwrite an existing file without asking'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration (secrets masked) and where it came from'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Load the configuration and report problems (exit 2 when it is invalid)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented configuration template'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -f -a "migrate" -d 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -f -a "status" -d 'List migrations and whether each is applied (exit 3 when any is pending or modified)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -f -a "vacuum" -d 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -f -a "table-sizes" -d 'Tables by total size (data, indexes and TOAST), largest first'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and not __fish_seen_subcommand_from migrate status vacuum table-sizes help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -l analyze-only -d 'ANALYZE only (refresh planner statistics; no VACUUM)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from vacuum" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -l schema -d 'Only tables of these schemas [default: every schema but the system ones]' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -l limit -d 'At most this many tables' -r
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from table-sizes" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "status" -d 'List migrations and whether each is applied (exit 3 when any is pending or modified)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "vacuum" -d 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "table-sizes" -d 'Tables by total size (data, indexes and TOAST), largest first'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand completions" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -l out-dir -d 'The directory that holds completions/ and man/' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -l config -d 'Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]' -r -F
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -s o -l output -d 'Output format: table for people, json or yaml for scripts' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -l check -d 'Write nothing; exit 3 and list the files that differ'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -s q -l quiet -d 'Only errors on stderr: no progress, no notes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -l no-color -d 'No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -s h -l help -d 'Print help'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand generate-artifacts" -s V -l version -d 'Print version'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "health" -d 'Check every component (or the named ones) and report healthy, degraded or unhealthy'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "registry" -d 'The MLflow model registry: list, show, promote, rollback, archive, history'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "drift" -d 'Compare current data with reference data, feature by feature'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "alerts" -d 'Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "serve" -d 'Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "deploy" -d 'Validate a model version\'s artifact and deploy it to every serving replica'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "undeploy" -d 'Remove a deployed version from the serving replicas'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "ab-split" -d 'Set the traffic split between a model\'s deployed versions, or --show it'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "cache" -d 'The serving replicas\' model and response caches: stats, clear'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "backup" -d 'Backups of PostgreSQL into S3: create, list, verify, restore, prune'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "maintenance" -d 'Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "config" -d 'Show, validate or create the configuration'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "db" -d 'nbamcp\'s own database schema: apply and inspect migrations'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "completions" -d 'Print a shell completion script'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "generate-artifacts" -d 'Write completions/ and man/ from this command tree (--check: fail when they are stale)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and not __fish_seen_subcommand_from health registry drift alerts serve deploy undeploy ab-split cache backup maintenance config db completions generate-artifacts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "list" -d 'Every version of every model (or of one): stage, aliases, status, age, key metric'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "show" -d 'One version in detail: artifact URI, run metrics and params, tags, audit history'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "promote" -d 'Move a version to production or staging (stage and alias), gated on its run metrics'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "rollback" -d 'Restore the version that held production before the current one (from the audit log)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "archive" -d 'Archive a version, or every version older than a duration (never the production one)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "history" -d 'The audit log of a model: who moved what, when, from and to, and why'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from drift" -f -a "check" -d 'Test each feature of the current data against the reference (exit 3 when any drifted)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from drift" -f -a "reference" -d 'The reference data of model versions: stored in S3, profiled in PostgreSQL'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "ack" -d 'Mark an alert as seen (who and when are recorded)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "test-webhook" -d 'Send a test notification to the configured webhook (nothing is recorded; exit 1 when it is not delivered)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "stats" -d 'Model and response cache statistics per replica and in total (warns below the hit-rate line)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clear" -d 'Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "create" -d 'pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "list" -d 'The backups in S3, from their manifests alone (works with the database down)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Re-hash a backup and read its table of contents; --restore also restores it into a scratch database and compares row counts (exit 3 on any mismatch)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "restore" -d 'Restore a backup into a database, checking its checksum on the way'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "prune" -d 'Delete backups past retention, and uploads that never completed'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify-artifacts" -d 'Check that every registered model version\'s artifacts are in S3 (exit 3 when not)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "list" -d 'The checklists (built in, and from maintenance.dirs) with their steps'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "show" -d 'One checklist: where it comes from and what each step does'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "run" -d 'Run a checklist\'s steps in order, recording each result in PostgreSQL as it finishes'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "history" -d 'Past runs, newest first'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from maintenance" -f -a "show-run" -d 'One run: each step\'s status, duration and output'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration (secrets masked) and where it came from'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "validate" -d 'Load the configuration and report problems (exit 2 when it is invalid)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented configuration template'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrate" -d 'Create the nbamcp schema and apply pending migrations (safe to run repeatedly)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "status" -d 'List migrations and whether each is applied (exit 3 when any is pending or modified)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "vacuum" -d 'VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)'
complete -c nbamcp -n "__fish_nbamcp_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "table-sizes" -d 'Tables by total size (data, indexes and TOAST), largest first'
