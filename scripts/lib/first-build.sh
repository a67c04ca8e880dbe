# Sourced by run-dev.sh and test.sh. A debug build from nothing compiles some thirty packages (SwiftNIO,
# BoringSSL, PostgresNIO, ...) and takes about 20 minutes on two cores; later builds take seconds. Say so
# before the first one, so that a quiet terminal doesn't look like a hang.
first_build_notice() {
  compgen -G ".build/*/debug/*.build" >/dev/null && return 0
  cat >&2 <<'MSG'

  First build: compiling s3uploader and its dependencies takes about 20 minutes (2 cores).
  Later builds only recompile what changed (seconds).

MSG
}
