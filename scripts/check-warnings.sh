#!/usr/bin/env bash
# Fails when a build log holds a compiler warning from the project's own code, and prints each once
# (the compiler repeats one warning for every batch that includes its file, dozens of times). Warnings
# from dependencies (.build/checkouts) are theirs to fix and are ignored. Part of `make test`.
#
#   scripts/check-warnings.sh BUILD_LOG [ROOT]      ROOT: the checkout (default: this script's)
#
# An incremental build only recompiles what changed, so only a clean build (CI) sees every warning.
set -euo pipefail
log="$1"
root="$(cd "${2:-$(dirname "$0")/..}" && pwd)"
package="$(basename "$root" | tr '[:upper:]' '[:lower:]')"

# "<root>/Sources/X.swift:12:5: warning: ..." (or a relative path), and SwiftPM's warnings about the root
# package itself ("warning: '<package>': found 1 file(s) which are unhandled ...", files listed below it).
warnings=$(
  awk -v root="$root/" -v own="warning: '$package': " '
    listing && /^    / { print; next }
    { listing = 0; line = $0 }
    index(line, own) == 1 { print line; listing = 1; next }
    index(line, root) == 1 { line = substr(line, length(root) + 1) }
    line ~ /^(Sources|codegen|Tests|Plugins)\/[^:]+:[0-9]+(:[0-9]+)?: warning: / { print line }
  ' "$log" | awk '!seen[$0]++'
)
[ -z "$warnings" ] && exit 0
echo "$warnings"
echo "check-warnings: $(grep -c "warning: " <<<"$warnings") compiler warning(s) in the project's own code (above); the build must be warning-free" >&2
exit 1
