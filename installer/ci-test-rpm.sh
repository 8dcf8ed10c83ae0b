#!/usr/bin/env bash
# ci-test-rpm.sh — checks the two Rounds .rpms that `mvn -Pinstaller package` built next to the .debs
# (when rpmbuild is on PATH; Debian's `rpm` package has it): rounds (the endpoint) and rounds-server
# (the broker and the desktop host). This Debian machine cannot install an .rpm for real, so each
# package is checked the way rpm itself sees it: its requirements, files, config files and
# scriptlets, and that the two share no file; then both are installed with `rpm --root` into a
# scratch root (scriptlets off: they would run useradd inside that root), where the installed
# commands must run and their jars hold only their own code, an edited /etc/rounds/endpoint.json
# must survive a reinstall and be kept as .rpmsave on erase, and erasing either package must
# leave the other's files in place.
#   ROUNDS_RPM=path/to.rpm           test that package instead of installer/target/packages/rounds-<version>*.rpm
#   ROUNDS_SERVER_RPM=path/to.rpm    test that package instead of installer/target/packages/rounds-server-*.rpm
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
step() { echo "== ci-test-rpm: $*"; }
fail() { echo "ci-test-rpm: FAIL: $*" >&2; exit 1; }
# shellcheck source=ci-sizes.sh
. "$here/ci-sizes.sh"
command -v rpm >/dev/null || fail "no rpm on PATH: apt-get install rpm"
command -v unzip >/dev/null || fail "no unzip on PATH: apt-get install unzip"

# rounds-[0-9]*: rounds-server-*.rpm starts with "rounds-" too.
rpm_file="${ROUNDS_RPM:-$(ls "$here"/target/packages/rounds-[0-9]*.rpm 2>/dev/null | head -n 1)}"
server_rpm="${ROUNDS_SERVER_RPM:-$(ls "$here"/target/packages/rounds-server-[0-9]*.rpm 2>/dev/null | head -n 1)}"
[ -n "$rpm_file" ] && [ -f "$rpm_file" ] || fail "no rounds .rpm in $here/target/packages: build with mvn -Pinstaller package where rpmbuild exists"
[ -n "$server_rpm" ] && [ -f "$server_rpm" ] || fail "no rounds-server .rpm in $here/target/packages: build with mvn -Pinstaller package where rpmbuild exists"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Whole answers in files: grep -q on a pipe would end rpm early with SIGPIPE under pipefail.
# query NAME FILE: NAME.requires, .conflicts, .files, .config, .scripts (scriptlets without comments).
query() {
  local q=(rpm -qp --nosignature)
  "${q[@]}" -R "$2" >"$work/$1.requires" 2>/dev/null
  "${q[@]}" --conflicts "$2" >"$work/$1.conflicts" 2>/dev/null
  "${q[@]}" -l "$2" >"$work/$1.files" 2>/dev/null
  "${q[@]}" -c "$2" >"$work/$1.config" 2>/dev/null
  "${q[@]}" --scripts "$2" 2>/dev/null | grep -v '^[[:space:]]*#' >"$work/$1.scripts" || true
  "${q[@]}" --qf '[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES}\n]' "$2" >"$work/$1.modes" 2>/dev/null
}
query rounds "$rpm_file"
query rounds-server "$server_rpm"

check_sizes "$rpm_file" "$server_rpm"
size_bytes="$(stat -c %s "$rpm_file")"; server_size_bytes="$(stat -c %s "$server_rpm")"

step "rounds: requirements, files, config files and scriptlets"
for dep in gtk3 pcsc-lite-libs turbojpeg; do grep -qx "$dep" "$work/rounds.requires" || fail "rounds: Requires lacks $dep"; done
for f in /usr/bin/rounds /opt/rounds/bin/rounds /etc/rounds/endpoint.json /usr/lib/systemd/user/rounds-kiosk.service \
         /usr/share/applications/rounds.desktop /usr/share/icons/hicolor/128x128/apps/rounds.png; do
  grep -qx "$f" "$work/rounds.files" || fail "rounds lacks $f"
done
found="$(grep -iE 'junit|test-?peers|broker|(^|/)h2[-_.]|jetty' "$work/rounds.files" | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the rounds package lists server or test files: $found"
grep -qx /etc/rounds/endpoint.json "$work/rounds.config" || fail "/etc/rounds/endpoint.json is not a %config file"
# endpoint.json names the brokers, the CA and the kiosk's admin PIN hash: never world-readable.
grep -qx -- '-rw-r----- root:rounds /etc/rounds/endpoint.json' "$work/rounds.modes" \
  || fail "rounds holds /etc/rounds/endpoint.json as '$(grep ' /etc/rounds/endpoint.json$' "$work/rounds.modes")', not -rw-r----- root:rounds"
grep -q 'groupadd --system rounds' "$work/rounds.scripts" || fail "the rounds pre-install scriptlet does not create the group rounds"
found="$(grep -nE 'rounds-broker|useradd|userdel|/var/lib/rounds|/var/cache/rounds' "$work/rounds.scripts" | head -n 3 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the rounds scriptlets touch what belongs to rounds-server: $found"
echo "rounds requires gtk3, pcsc-lite-libs and turbojpeg; /usr/bin/rounds, kiosk user unit, desktop entry, icon, %config(noreplace) endpoint.json 0640 root:rounds; no broker"

step "rounds-server: requirements, files, conflicts and scriptlets"
for dep in fontconfig freetype libjpeg-turbo; do grep -qx "$dep" "$work/rounds-server.requires" || fail "rounds-server: Requires lacks $dep"; done
for dep in gtk3 pcsc-lite-libs; do
  if grep -qx "$dep" "$work/rounds-server.requires"; then fail "rounds-server: Requires names $dep, which only the endpoint needs"; fi
done
server_units=(/usr/lib/systemd/system/rounds-broker.service /usr/lib/systemd/system/rounds-desktop-host.service /usr/lib/systemd/system/rounds-gateway.service)
for f in /usr/bin/rounds-server /opt/rounds-server/bin/rounds-server "${server_units[@]}"; do
  grep -qx "$f" "$work/rounds-server.files" || fail "rounds-server lacks $f"
done
grep -qx 'rounds < 0.1.0-2' "$work/rounds-server.conflicts" || fail "rounds-server does not conflict with rounds < 0.1.0-2 (rounds-broker.service moved from it)"
grep -q 'useradd --system' "$work/rounds-server.scripts" || fail "the rounds-server pre-install scriptlet does not create the rounds user"
found="$(grep -nE '/etc/rounds|rounds-kiosk|userdel' "$work/rounds-server.scripts" | head -n 3 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the rounds-server scriptlets touch what belongs to rounds (or delete the user): $found"
echo "rounds-server requires fontconfig, freetype, libjpeg-turbo; /usr/bin/rounds-server, ${server_units[*]##*/}, user rounds; conflicts rounds < 0.1.0-2"

step "neither claims a shared directory; no file in both"
for p in rounds rounds-server; do
  for shared in / /etc /opt /usr /usr/bin /usr/share /usr/lib/systemd/system /usr/lib/systemd/user; do
    if grep -qx "$shared" "$work/$p.files"; then fail "$p claims the shared directory $shared"; fi
  done
done
both="$(comm -12 <(sort "$work/rounds.files") <(sort "$work/rounds-server.files") | head -n 5 | tr '\n' ' ')"
[ -z "$both" ] || fail "paths in both rounds and rounds-server (they could not be installed side by side): $both"
echo "rounds: $(wc -l <"$work/rounds.files") paths; rounds-server: $(wc -l <"$work/rounds-server.files") paths; none in both"

step "rpm --root: install both into a scratch root and run the installed commands"
root="$work/root"
rpm --root "$root" --initdb
# The users and groups the scriptlets (off here) would have made, so that rpm can give files to them.
mkdir -p "$root/etc"
printf 'root:x:0:0:root:/root:/bin/sh\nrounds:x:990:990:Rounds broker:/var/lib/rounds:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nrounds:x:990:\n' >"$root/etc/group"
rpm --root "$root" -i --nodeps --noscripts --nosignature "$rpm_file" "$server_rpm"
[ "$(stat -c '%a %u:%g' "$root/etc/rounds/endpoint.json")" = "640 0:990" ] \
  || fail "installed, endpoint.json is $(stat -c '%a %u:%g' "$root/etc/rounds/endpoint.json"), not 640 root:rounds (0:990)"
# A core dump of the endpoint would hold the session's pixels and badge numbers.
grep -qx 'LimitCORE=0' "$root/usr/lib/systemd/user/rounds-kiosk.service" || fail "the installed rounds-kiosk.service lacks LimitCORE=0"
# The servers' units as installed: the broker's hardening and user in each, each its own state
# directory; where systemd-analyze is installed, each verified with its command pointed into the
# scratch root (verify --root needs a root with systemd's own units, which this one has not).
mkdir -p "$work/units"
for u in "${server_units[@]}"; do
  for key in 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'PrivateTmp=yes' 'User=rounds' 'StateDirectoryMode=0700' 'UMask=0077' 'LimitCORE=0'; do
    grep -qx "$key" "$root$u" || fail "the installed $u lacks $key"
  done
  if command -v systemd-analyze >/dev/null; then
    sed "s|^ExecStart=/usr/bin/rounds-server |ExecStart=$(readlink -f "$root/opt/rounds-server/bin/rounds-server") |" "$root$u" >"$work/units/${u##*/}"
    out="$(systemd-analyze verify "$work/units/${u##*/}" 2>&1)" || fail "systemd-analyze verify $u: $out"
    [ -z "$out" ] || fail "systemd-analyze verify $u reported: $out"
  fi
done
grep -qx 'StateDirectory=rounds/gateway' "$root/usr/lib/systemd/system/rounds-gateway.service" || fail "rounds-gateway.service lacks StateDirectory=rounds/gateway"
grep -qx 'StateDirectory=rounds/desktop-host' "$root/usr/lib/systemd/system/rounds-desktop-host.service" \
  || fail "rounds-desktop-host.service lacks StateDirectory=rounds/desktop-host"
[ "$(readlink "$root/usr/bin/rounds")" = /opt/rounds/bin/rounds ] || fail "/usr/bin/rounds does not lead to /opt/rounds/bin/rounds"
[ "$(readlink "$root/usr/bin/rounds-server")" = /opt/rounds-server/bin/rounds-server ] || fail "/usr/bin/rounds-server does not lead to /opt/rounds-server/bin/rounds-server"
home="$root/home-test"
mkdir -p "$home"
run() { (cd "$root" && env -u XDG_CACHE_HOME HOME="$home" "$@"); }
run "$root/opt/rounds/bin/rounds" --version | tee "$work/version"
grep -q '^rounds ' "$work/version" || fail "the installed rounds --version printed no version line"
run "$root/opt/rounds-server/bin/rounds-server" --version | tee "$work/server-version"
grep -q '^rounds-server ' "$work/server-version" || fail "the installed rounds-server --version printed no version line"

# Zip entries of every jar in an installed app, "jar:entry" a line.
entries() { local j; for j in "$1"/lib/app/*.jar; do unzip -Z1 "$j" | sed "s|^|${j##*/}:|"; done; }
entries "$root/opt/rounds" >"$work/rounds.entries"
found="$(grep -E ':(org/h2/|org/eclipse/jetty/|io/javalin/|org/junit/|org/opentest4j/|org/rounds/testpeers/|org/rounds/broker/)' "$work/rounds.entries" \
  | grep -vE ':org/rounds/broker/(api/.*)?$' | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the endpoint's jars hold server or test classes: $found"
entries "$root/opt/rounds-server" >"$work/rounds-server.entries"
found="$(grep -E ':(javafx/|com/sun/javafx/|org/rounds/client/)' "$work/rounds-server.entries" | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the servers' jars hold JavaFX or endpoint classes: $found"
echo "jars: the endpoint's hold no server or test code, the servers' no JavaFX or endpoint"

step "an edited endpoint.json survives a reinstall and is kept as .rpmsave on erase; erasing one package keeps the other"
echo '{"edited": "by the admin"}' >"$root/etc/rounds/endpoint.json"
rpm --root "$root" -U --replacepkgs --nodeps --noscripts --nosignature "$rpm_file"
grep -q 'by the admin' "$root/etc/rounds/endpoint.json" || fail "the reinstall replaced the admin's endpoint.json"
rpm --root "$root" -e --nodeps --noscripts rounds
[ ! -e "$root/opt/rounds/bin/rounds" ] || fail "erasing rounds left /opt/rounds/bin/rounds"
grep -q 'by the admin' "$root/etc/rounds/endpoint.json.rpmsave" || fail "erase did not keep the edited config as .rpmsave"
[ -x "$root/opt/rounds-server/bin/rounds-server" ] && [ -f "$root/usr/lib/systemd/system/rounds-broker.service" ] \
  || fail "erasing rounds took rounds-server's files"
rpm --root "$root" -i --nodeps --noscripts --nosignature "$rpm_file"
rpm --root "$root" -e --nodeps --noscripts rounds-server
[ ! -e "$root/opt/rounds-server" ] && [ ! -e "$root/usr/lib/systemd/system/rounds-broker.service" ] \
  && [ ! -e "$root/usr/lib/systemd/system/rounds-gateway.service" ] && [ ! -e "$root/usr/lib/systemd/system/rounds-desktop-host.service" ] \
  || fail "erasing rounds-server left /opt/rounds-server or a server unit"
[ -x "$root/opt/rounds/bin/rounds" ] && [ -f "$root/etc/rounds/endpoint.json" ] && [ -f "$root/usr/lib/systemd/user/rounds-kiosk.service" ] \
  || fail "erasing rounds-server took rounds' files"
rpm --root "$root" -e --nodeps --noscripts rounds
echo "ci-test-rpm: ok rounds=$((size_bytes / 1024 / 1024))MB rounds-server=$((server_size_bytes / 1024 / 1024))MB"
