#!/usr/bin/env bash
# ci-test-rpm.sh — checks the Rounds .rpm that `mvn -Pinstaller package` built next to the .deb
# (when rpmbuild is on PATH; Debian's `rpm` package has it). This Debian machine cannot install an
# .rpm for real, so the package is checked the way rpm itself sees it: its requirements, files,
# config files and scriptlets, then installed with `rpm --root` into a scratch root (scriptlets
# off: they would run useradd inside that root), where the installed command must run, an edited
# /etc/rounds/endpoint.json must survive a reinstall, and an erase must keep it as .rpmsave.
#   ROUNDS_RPM=path/to.rpm    test that package instead of installer/target/packages/rounds-*.rpm
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
step() { echo "== ci-test-rpm: $*"; }
fail() { echo "ci-test-rpm: FAIL: $*" >&2; exit 1; }
command -v rpm >/dev/null || fail "no rpm on PATH: apt-get install rpm"

rpm_file="${ROUNDS_RPM:-$(ls "$here"/target/packages/rounds-*.rpm 2>/dev/null | head -n 1)}"
[ -n "$rpm_file" ] && [ -f "$rpm_file" ] || fail "no .rpm in $here/target/packages: build with mvn -Pinstaller package where rpmbuild exists"
q() { rpm -qp --nosignature "$@" "$rpm_file" 2>/dev/null; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# whole answers in files: grep -q on a pipe would end rpm early with SIGPIPE under pipefail
q -R >"$work/requires"; q -l >"$work/files"; q -c >"$work/config"; q --scripts >"$work/scripts"

size_bytes="$(stat -c %s "$rpm_file")"
echo "package: $(basename "$rpm_file") $((size_bytes / 1024 / 1024)) MB ($size_bytes bytes; goal < 90 MB)"
[ "$size_bytes" -lt $((90 * 1024 * 1024)) ] || fail "package is larger than 90 MB"

step "requirements, files, config files and scriptlets"
for dep in gtk3 pcsc-lite-libs turbojpeg; do grep -qx "$dep" "$work/requires" || fail "Requires lacks $dep"; done
for f in /usr/bin/rounds /opt/rounds/bin/rounds /etc/rounds/endpoint.json \
         /usr/lib/systemd/system/rounds-broker.service /usr/lib/systemd/user/rounds-kiosk.service \
         /usr/share/applications/rounds.desktop /usr/share/icons/hicolor/128x128/apps/rounds.png; do
  grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
for shared in / /etc /usr /usr/bin /usr/share /usr/lib/systemd/system; do
  if grep -qx "$shared" "$work/files"; then fail "the package claims the shared directory $shared"; fi
done
grep -qx /etc/rounds/endpoint.json "$work/config" || fail "/etc/rounds/endpoint.json is not a %config file"
grep -q 'useradd --system' "$work/scripts" || fail "the pre-install scriptlet does not create the rounds user"
echo "requires gtk3 and pcsc-lite-libs; /usr/bin/rounds, units, desktop entry, icon, %config(noreplace) endpoint.json"

step "rpm --root: install into a scratch root and run the installed command"
root="$work/root"
rpm --root "$root" --initdb
rpm --root "$root" -i --nodeps --noscripts --nosignature "$rpm_file"
[ "$(readlink "$root/usr/bin/rounds")" = /opt/rounds/bin/rounds ] || fail "/usr/bin/rounds does not lead to /opt/rounds/bin/rounds"
home="$root/home-test"
mkdir -p "$home"
(cd "$root" && env -u XDG_CACHE_HOME HOME="$home" "$root/opt/rounds/bin/rounds" --version) | tee "$root/version"
grep -q '^rounds ' "$root/version" || fail "the installed rounds --version printed no version line"

step "an edited endpoint.json survives a reinstall and is kept as .rpmsave on erase"
echo '{"edited": "by the admin"}' >"$root/etc/rounds/endpoint.json"
rpm --root "$root" -U --replacepkgs --nodeps --noscripts --nosignature "$rpm_file"
grep -q 'by the admin' "$root/etc/rounds/endpoint.json" || fail "the reinstall replaced the admin's endpoint.json"
rpm --root "$root" -e --nodeps --noscripts rounds
[ ! -e "$root/opt/rounds/bin/rounds" ] || fail "erase left /opt/rounds/bin/rounds"
grep -q 'by the admin' "$root/etc/rounds/endpoint.json.rpmsave" || fail "erase did not keep the edited config as .rpmsave"
echo "ci-test-rpm: ok"
