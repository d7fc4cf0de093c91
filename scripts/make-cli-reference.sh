#!/usr/bin/env bash
# Writes docs/guide/cli-reference.md from the CLI's own --help, so the reference says exactly
# what the program does. Run after changing a command's options:
#   scripts/make-cli-reference.sh BUILD_DIR [OUT_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
orinet="${1:?usage: make-cli-reference.sh BUILD_DIR [OUT_FILE]}/app/orinet"
out="${2:-docs/guide/cli-reference.md}"
[ -x "$orinet" ] || { echo "no $orinet: build first" >&2; exit 1; }

commands=$("$orinet" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}')
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
    echo "# CLI reference"
    echo
    echo "Written by \`scripts/make-cli-reference.sh\` from the programs' \`--help\`; do not edit by"
    echo "hand. The same texts are the man pages \`orinet(1)\` and \`orinet-<command>(1)\`. How the"
    echo "output, \`--json\`, \`--quiet\` and the exit statuses work: [the command line in scripts](cli.md)."
    echo
    for command in $commands; do
        echo "- [orinet $command](#orinet-$command)"
    done
    echo
    echo '```'
    "$orinet" --help
    echo '```'
    for command in $commands; do
        echo
        echo "## orinet $command"
        echo
        echo '```'
        # QCommandLineParser's --help-all line only concerns Qt's own options.
        "$orinet" "$command" --help | grep -v -- '--help-all' | grep -v 'Displays help including Qt'
        echo '```'
    done
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "wrote $out ($(echo "$commands" | wc -w) commands)"
