# Sourced by the benchmarks: release_binary PRODUCT PRESET → prints the path of the release build of
# PRODUCT, building it first unless PRESET (a path from make bench) is given. Build output goes to stderr.
release_binary() {
  local product=$1 preset=${2:-} bin
  if [ -n "$preset" ]; then
    bin="$preset"
  else
    echo "bench: release build (swift build -c release --product $product)..." >&2
    scripts/swift-build.sh -c release --product "$product" >&2
    bin="$(swift build -c release --show-bin-path)/$product"
  fi
  [ -x "$bin" ] || { echo "bench: no binary at $bin" >&2; return 1; }
  echo "$bin"
}
