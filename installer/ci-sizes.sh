# ci-sizes.sh — sourced by ci-test-deb.sh and ci-test-rpm.sh: prints each package's size and fails
# (through the caller's `fail`) when one is over the 90 MB goal. Usage: check_sizes FILE...
check_sizes() {
  local f bytes
  for f in "$@"; do
    bytes="$(stat -c %s "$f")"
    echo "package: $(basename "$f") $((bytes / 1024 / 1024)) MB ($bytes bytes; goal < 90 MB)"
    [ "$bytes" -lt $((90 * 1024 * 1024)) ] || fail "$(basename "$f") is larger than 90 MB"
  done
}
