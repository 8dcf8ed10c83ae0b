#!/usr/bin/env bash
# ci-test-mac-zip.sh — builds the portable endpoint bundle for a Mac (rounds-VERSION-mac.zip, the
# installer module's mac-bundle profile; the .dmg itself needs macOS) and checks it by its listing:
# the launcher, executable; the endpoint's jars and no server or test code; JavaFX's macOS jars for
# Intel and Apple silicon, each with its native libraries, and no Linux JavaFX; then runs the
# launcher from the unpacked bundle (`rounds --version` needs no JavaFX natives, so it runs here).
#   ROUNDS_MAC_ZIP=path/to/rounds-mac.zip   check that bundle instead of building one
#   ROUNDS_MVN_FLAGS="-o"                   extra Maven flags for the build (e.g. offline)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
step() { echo "== ci-test-mac-zip: $*"; }
fail() { echo "ci-test-mac-zip: FAIL: $*" >&2; exit 1; }
command -v unzip >/dev/null || fail "unzip is needed to read the bundle"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

if [ -n "${ROUNDS_MAC_ZIP:-}" ]; then
  zip="$ROUNDS_MAC_ZIP"
else
  step "building: ./mvnw -B -q ${ROUNDS_MVN_FLAGS:-} -Pmac-bundle -pl installer -am package -DskipTests"
  # shellcheck disable=SC2086 # the flags are meant to split
  (cd "$repo" && ./mvnw -B -q ${ROUNDS_MVN_FLAGS:-} -Pmac-bundle -pl installer -am package -DskipTests)
  zip="$(ls "$here"/target/packages/rounds-*-mac.zip)"
fi
[ -f "$zip" ] || fail "no bundle at $zip"

step "listing $(basename "$zip")"
unzip -Z1 "$zip" | sort >"$scratch/list"
has() { grep -qxE "$1" "$scratch/list" || fail "the bundle lacks $2 ($1)"; }
has 'rounds/bin/rounds' "the launcher"
unzip -Z "$zip" rounds/bin/rounds | grep '^-rwxr-xr-x' >/dev/null || fail "rounds/bin/rounds is not executable (rwxr-xr-x) in the zip"
has 'rounds/lib/installer-[^/]*\.jar' "the launcher's main class (PackagedMain)"
for m in client-app roaming display-protocol device-io broker-api; do has "rounds/lib/$m-[^/]*\.jar" "the endpoint module $m"; done
for arch in x64:mac aarch64:mac-aarch64; do
  dir="${arch%%:*}" classifier="${arch#*:}"
  for a in javafx-base javafx-graphics javafx-controls; do
    has "rounds/lib/javafx-$dir/$a-[0-9.]+-$classifier\.jar" "JavaFX $a for $classifier"
  done
done
found="$(grep -E 'javafx-[a-z]+-[0-9.]+-(linux|win)|/(broker|cli|gateway|desktop-host|test-peers)-[0-9]|/(h2|junit|javalin|jetty)' "$scratch/list" | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the bundle holds what a Mac endpoint must not: $found"
found="$(grep -E '^rounds/lib/javafx-[^/]*\.jar$' "$scratch/list" | head -n 3 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "JavaFX jars outside the per-architecture folders (both would load): $found"
unzip -q "$zip" -d "$scratch/unpacked"
for arch in x64:mac aarch64:mac-aarch64; do
  jar="$(ls "$scratch/unpacked/rounds/lib/javafx-${arch%%:*}"/javafx-graphics-*.jar)"
  unzip -Z1 "$jar" | grep -x 'libglass.dylib' >/dev/null || fail "$(basename "$jar") holds no libglass.dylib (JavaFX's macOS window library)"
done
echo "bundle: $(wc -l <"$scratch/list") entries: launcher, $(grep -c '^rounds/lib/[^/]*\.jar$' "$scratch/list") endpoint jars, JavaFX for x64 and aarch64 Macs"

step "rounds/bin/rounds --version from the unpacked bundle"
"$scratch/unpacked/rounds/bin/rounds" --version >"$scratch/version" 2>&1 || { cat "$scratch/version"; fail "the bundle's launcher failed"; }
grep -q '^rounds ' "$scratch/version" || { cat "$scratch/version"; fail "the bundle's launcher printed no version line"; }
cat "$scratch/version"
echo "ci-test-mac-zip: OK $(basename "$zip") $(( $(stat -c %s "$zip") / 1024 / 1024 ))MB"
