#!/usr/bin/env bash
# `swift build "$@"` with the same environment on every run: what every script and make target builds with.
#
# SwiftPM records the environment in the signature of the commands that build and run the sqlgen build
# plugin (its tool's C files, its link, the generation itself). One variable that differs from the last
# build (the TOKEN that `make run` asks you to export, MAKEFLAGS, another terminal's settings) recompiles
# the tool and reruns the generator, and sometimes more: 15-40 s for nothing changed. So builds get only
# the variables a build needs, and `make run` after `make run` (or after `make test`) recompiles nothing.
# A `swift build` typed in a shell still gets that shell's whole environment, so the next make target may
# rebuild once.
set -euo pipefail
keep=()
for name in $(compgen -e); do
  case "$name" in
    PATH | HOME | USER | LOGNAME | LANG | LC_* | TMPDIR | XDG_* | SWIFT* | PKG_CONFIG* | CC | CXX | LD_LIBRARY_PATH | \
      http_proxy | https_proxy | no_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY | SSL_CERT_* | CURL_CA_BUNDLE | GIT_SSL_*)
      keep+=("$name=${!name}") ;;
  esac
done
exec env -i "${keep[@]}" swift build "$@"
