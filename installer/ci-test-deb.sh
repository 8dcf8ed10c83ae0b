#!/usr/bin/env bash
# ci-test-deb.sh — builds the two Rounds .debs and checks them the way an administrator would meet
# them: rounds (the endpoint) and rounds-server (the broker and the desktop host). It checks that the
# endpoint ships no server or test code and the servers no JavaFX or endpoint, that the two share no
# file, installs each with dpkg, runs the installed commands (the broker until /health/ready
# answers), verifies the systemd units, upgrades over an edited conffile, and removes and purges
# each package while the other stays installed and intact. Prints the package sizes and the
# installed cold start. Needs root, dpkg and fakeroot; the lead calls it from .ci/run.
#   ROUNDS_DEB=path/to/rounds.deb ROUNDS_SERVER_DEB=path/to/rounds-server.deb
#                             test those packages instead of building them (give both)
#   ROUNDS_MVN_FLAGS="-o"     extra Maven flags for the build (e.g. offline)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
step() { echo "== ci-test-deb: $*"; }
fail() { echo "ci-test-deb: FAIL: $*" >&2; exit 1; }
# shellcheck source=ci-sizes.sh
. "$here/ci-sizes.sh"
[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and removes the rounds and rounds-server packages with dpkg"

conf=/etc/rounds/endpoint.json
kiosk_unit=/usr/lib/systemd/user/rounds-kiosk.service
broker_unit=/lib/systemd/system/rounds-broker.service
gateway_unit=/lib/systemd/system/rounds-gateway.service
host_unit=/lib/systemd/system/rounds-desktop-host.service
server_units=("$broker_unit" "$host_unit" "$gateway_unit")
packages=(rounds rounds-server)
scratch="$(mktemp -d)"
broker_pid=""
# Whether dpkg knows the package in any state but not-installed (config-files counts: purge it).
known() { dpkg-query -W -f='${db:Status-Status}\n' "$1" 2>/dev/null | grep -qv '^not-installed$'; }
# On any exit, leave the machine as we found it: no broker left running, no half-tested package
# installed.
cleanup() {
  local rc=$? p
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    kill -9 "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
  if [ "$rc" -ne 0 ]; then
    for p in "${packages[@]}"; do
      if known "$p"; then dpkg -P "$p" >/dev/null 2>&1 || true; fi
    done
  fi
}
trap cleanup EXIT
# A tool the checks need, installed from Debian when this image lacks it.
need() {
  command -v "$1" >/dev/null && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
}

# --- build -------------------------------------------------------------------------------------
if [ -n "${ROUNDS_DEB:-}${ROUNDS_SERVER_DEB:-}" ]; then
  deb="${ROUNDS_DEB:-}"
  server_deb="${ROUNDS_SERVER_DEB:-}"
  [ -n "$deb" ] && [ -n "$server_deb" ] || fail "give both ROUNDS_DEB and ROUNDS_SERVER_DEB, or neither"
else
  step "building the .debs: ./mvnw -B -q ${ROUNDS_MVN_FLAGS:-} -Pinstaller -pl installer -am package -DskipTests"
  # shellcheck disable=SC2086 # the flags are meant to split
  (cd "$repo" && ./mvnw -B -q ${ROUNDS_MVN_FLAGS:-} -Pinstaller -pl installer -am package -DskipTests)
  deb="$(ls "$here"/target/packages/rounds_*.deb)"
  server_deb="$(ls "$here"/target/packages/rounds-server_*.deb)"
fi
[ -f "$deb" ] || fail "no rounds package at $deb"
[ -f "$server_deb" ] || fail "no rounds-server package at $server_deb"
check_sizes "$deb" "$server_deb"
size_bytes="$(stat -c %s "$deb")"; server_size_bytes="$(stat -c %s "$server_deb")"

dpkg-deb -f "$deb" Depends >"$scratch/depends"
dpkg-deb -f "$server_deb" Depends >"$scratch/server-depends"
for dep in libgtk-3-0 libpcsclite1 libturbojpeg0; do
  grep -q "$dep" "$scratch/depends" || fail "rounds: Depends lacks $dep"
done
grep -q 'libfontconfig1' "$scratch/server-depends" || fail "rounds-server: Depends lacks libfontconfig1 (the JDK's font manager loads it by name)"
for dep in libgtk-3-0 libpcsclite1; do
  if grep -q "$dep" "$scratch/server-depends"; then fail "rounds-server: Depends names $dep, which only the endpoint needs"; fi
done
for field in Breaks Replaces; do
  dpkg-deb -f "$server_deb" "$field" | grep -qx 'rounds (<< 0.1.0-2)' \
    || fail "rounds-server: $field is not 'rounds (<< 0.1.0-2)' (rounds-broker.service moved from rounds)"
done

# --- what each package holds -------------------------------------------------------------------
step "dpkg-deb -c: the endpoint lists no junit, test-peers, broker, h2 or jetty; no file in both packages"
# Paths only ("./usr/bin/rounds -> /opt/..." keeps its first word); directories end in '/'.
dpkg-deb -c "$deb" | awk '{print $6}' >"$scratch/rounds.list"
dpkg-deb -c "$server_deb" | awk '{print $6}' >"$scratch/rounds-server.list"
found="$(grep -iE 'junit|test-?peers|broker|(^|/)h2[-_.]|jetty' "$scratch/rounds.list" | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the rounds package lists server or test files: $found"
grep -v '/$' "$scratch/rounds.list" | sort >"$scratch/rounds.files"
grep -v '/$' "$scratch/rounds-server.list" | sort >"$scratch/rounds-server.files"
both="$(comm -12 "$scratch/rounds.files" "$scratch/rounds-server.files" | head -n 5 | tr '\n' ' ')"
[ -z "$both" ] || fail "files in both rounds and rounds-server (they could not be installed side by side): $both"
# Maintainer scripts, comments aside: neither touches the other's things, neither deletes the user.
for s in preinst postinst prerm postrm; do dpkg-deb -I "$deb" "$s" 2>/dev/null || true; done \
  | grep -v '^[[:space:]]*#' >"$scratch/rounds.scripts"
for s in preinst postinst prerm postrm; do dpkg-deb -I "$server_deb" "$s" 2>/dev/null || true; done \
  | grep -v '^[[:space:]]*#' >"$scratch/rounds-server.scripts"
found="$(grep -nE 'rounds-broker|useradd|userdel|deluser|/var/lib/rounds|/var/cache/rounds' "$scratch/rounds.scripts" | head -n 3 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the rounds maintainer scripts touch what belongs to rounds-server: $found"
found="$(grep -nE '/etc/rounds|rounds-kiosk|userdel|deluser' "$scratch/rounds-server.scripts" | head -n 3 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the rounds-server maintainer scripts touch what belongs to rounds (or delete the user): $found"
echo "rounds: $(wc -l <"$scratch/rounds.files") files; rounds-server: $(wc -l <"$scratch/rounds-server.files") files; none in both"
# endpoint.json names the brokers, the CA and the kiosk's admin PIN hash: never world-readable,
# not even in the package (between unpack and postinst).
mode="$(dpkg-deb -c "$deb" | awk '$6 == "./etc/rounds/endpoint.json" {print $1}')"
[ "$mode" = "-rw-r-----" ] || fail "the rounds package holds /etc/rounds/endpoint.json as '$mode', not -rw-r----- (0640)"

# --- install rounds ----------------------------------------------------------------------------
for p in "${packages[@]}"; do
  if known "$p"; then
    step "purging a $p package left from an earlier run"
    dpkg -P "$p" >/dev/null
  fi
done
install_deb() {
  step "dpkg -i $(basename "$2")"
  if ! dpkg -i "$2"; then
    step "installing missing dependencies with apt-get -f install"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -f
  fi
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1")" = installed ] || fail "$1 is not installed"
}
install_deb rounds "$deb"

[ "$(command -v rounds)" = /usr/bin/rounds ] || fail "rounds on PATH is '$(command -v rounds || true)', not /usr/bin/rounds"
[ "$(readlink -f /usr/bin/rounds)" = /opt/rounds/bin/rounds ] || fail "/usr/bin/rounds does not lead to /opt/rounds/bin/rounds"
[ -f "$conf" ] || fail "$conf was not installed"
getent group rounds >/dev/null || fail "the rounds postinst did not create the group rounds (it reads $conf)"
[ "$(stat -c '%a %U:%G' "$conf")" = "640 root:rounds" ] || fail "$conf is $(stat -c '%a %U:%G' "$conf"), not 640 root:rounds"
dpkg-query -W -f='${Conffiles}\n' rounds | grep -q " $conf " || fail "$conf is not a dpkg conffile"
[ -f /usr/share/applications/rounds.desktop ] || fail "no desktop entry /usr/share/applications/rounds.desktop"
[ -f /usr/share/icons/hicolor/128x128/apps/rounds.png ] || fail "no icon in /usr/share/icons/hicolor"
[ -f "$kiosk_unit" ] || fail "no kiosk unit $kiosk_unit"
for u in "${server_units[@]}"; do
  [ ! -e "$u" ] || fail "installing rounds alone put $u there: the servers' units belong to rounds-server"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/rounds.desktop || fail "the desktop entry is invalid"
fi
grep -qx 'Exec=/usr/bin/rounds client' /usr/share/applications/rounds.desktop \
  || fail "the desktop entry does not start 'rounds client' (the endpoint has no demo)"
echo "installed: /usr/bin/rounds -> /opt/rounds/bin/rounds, $conf (conffile, 640 root:rounds), desktop entry, icon, $kiosk_unit"

# Zip entries of every jar in an installed app, "jar:entry" a line.
entries() { local j; for j in "$1"/lib/app/*.jar; do unzip -Z1 "$j" | sed "s|^|${j##*/}:|"; done; }
need unzip unzip
step "unzip: the endpoint's jars hold no H2, Jetty, Javalin, JUnit, test peers or broker (broker/api aside)"
entries /opt/rounds >"$scratch/rounds.entries"
found="$(grep -E ':(org/h2/|org/eclipse/jetty/|io/javalin/|org/junit/|org/opentest4j/|org/rounds/testpeers/|org/rounds/broker/)' "$scratch/rounds.entries" \
  | grep -vE ':org/rounds/broker/(api/.*)?$' | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the endpoint's jars hold server or test classes: $found"
echo "$(wc -l <"$scratch/rounds.entries") entries in $(ls /opt/rounds/lib/app/*.jar | wc -l) jars, none of them server or test code"

# --- run the installed endpoint command --------------------------------------------------------
# A fresh home with no XDG_CACHE_HOME: natives must go to ~/.cache/rounds, never the home root.
home="$scratch/home"
mkdir -p "$home"
run() { (cd "$scratch" && env -u XDG_CACHE_HOME HOME="$home" "$@"); }
# .rpmdb is not ours: jpackage's native launcher finds its package with `rpm -qf` then `dpkg -S`,
# and Debian's rpm tool (installed here to build the .rpm) creates an empty ~/.rpmdb when asked.
no_stray() {
  local stray
  stray="$(find "$home" -mindepth 1 -maxdepth 1 ! -name .cache ! -name .rpmdb -printf '%f ')"
  [ -z "$stray" ] || fail "the installed $1 command wrote into the home directory root: $stray"
}

step "rounds --version (first run after install)"
TIMEFORMAT='%R'
cold="$( { time run rounds --version >"$scratch/version" 2>&1; } 2>&1 )" || { cat "$scratch/version"; fail "rounds --version failed"; }
cat "$scratch/version"
grep -q '^rounds ' "$scratch/version" || fail "rounds --version printed no version line"
warm=()
for _ in 1 2 3; do warm+=("$( { time run rounds --version >/dev/null 2>&1; } 2>&1 )"); done
echo "cold start: first 'rounds --version' after install ${cold}s; next three ${warm[*]}s"

step "rounds doctor"
run rounds doctor >"$scratch/doctor" 2>&1 || { cat "$scratch/doctor"; fail "rounds doctor exited with an error"; }
cat "$scratch/doctor"
[ "$(grep -c . "$scratch/doctor")" -ge 2 ] || fail "rounds doctor printed no report"

step "rounds broker (not in the endpoint: picocli's unknown-subcommand error)"
rc=0
run rounds broker >"$scratch/no-broker" 2>&1 || rc=$?
cat "$scratch/no-broker"
[ "$rc" -ne 0 ] || fail "rounds broker exited 0: the endpoint package must not run a broker"
grep -q "^Unmatched argument at index 0: 'broker'" "$scratch/no-broker" \
  || fail "rounds broker did not fail with picocli's unknown-subcommand message (exit $rc)"
no_stray rounds

# --- install rounds-server beside it -----------------------------------------------------------
install_deb rounds-server "$server_deb"
[ "$(command -v rounds-server)" = /usr/bin/rounds-server ] || fail "rounds-server on PATH is '$(command -v rounds-server || true)', not /usr/bin/rounds-server"
[ "$(readlink -f /usr/bin/rounds-server)" = /opt/rounds-server/bin/rounds-server ] || fail "/usr/bin/rounds-server does not lead to /opt/rounds-server/bin/rounds-server"
for u in "${server_units[@]}"; do
  [ -f "$u" ] || fail "rounds-server did not install $u"
done
getent passwd rounds >/dev/null || fail "the rounds-server postinst did not create the system user rounds"
[ "$(id -gn rounds)" = rounds ] || fail "the user rounds' group is $(id -gn rounds), not the group rounds that the rounds package made"
[ -x /usr/bin/rounds ] && [ -f "$conf" ] || fail "installing rounds-server disturbed the rounds package"
echo "installed: /usr/bin/rounds-server -> /opt/rounds-server/bin/rounds-server, ${server_units[*]}, user rounds"

step "unzip: the servers' jars hold no JavaFX and no endpoint"
entries /opt/rounds-server >"$scratch/rounds-server.entries"
found="$(grep -E ':(javafx/|com/sun/javafx/|org/rounds/client/)' "$scratch/rounds-server.entries" | head -n 5 | tr '\n' ' ')" || true
[ -z "$found" ] || fail "the servers' jars hold JavaFX or endpoint classes: $found"
echo "$(wc -l <"$scratch/rounds-server.entries") entries, no JavaFX, no org/rounds/client"

step "rounds-server --version"
cold_server="$( { time run rounds-server --version >"$scratch/server-version" 2>&1; } 2>&1 )" \
  || { cat "$scratch/server-version"; fail "rounds-server --version failed"; }
cat "$scratch/server-version"
grep -q '^rounds-server ' "$scratch/server-version" || fail "rounds-server --version printed no version line"

# A port nothing answers on (a refused connection), for the broker to take.
free_port() {
  local p _
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
need curl curl
port="$(free_port)" || fail "found no free port on 127.0.0.1"
step "rounds-server broker --data $scratch/broker --port $port (the installed command, until /health/ready answers)"
# exec all the way down: $! is the launcher's process itself, which a SIGTERM stops.
(cd "$scratch" && exec env -u XDG_CACHE_HOME HOME="$home" rounds-server broker --data "$scratch/broker" --port "$port") \
  >"$scratch/broker.log" 2>&1 &
broker_pid=$!
deadline=$((SECONDS + 60))
until curl -skf --max-time 2 -o "$scratch/ready" "https://127.0.0.1:$port/health/ready"; do
  if ! kill -0 "$broker_pid" 2>/dev/null; then
    cat "$scratch/broker.log"; fail "rounds-server broker exited before /health/ready answered"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    cat "$scratch/broker.log"; fail "https://127.0.0.1:$port/health/ready did not answer within 60 s"
  fi
  sleep 0.5
done
echo "/health/ready answered after $((SECONDS + 60 - deadline)) s: $(head -c 200 "$scratch/ready")"
cat "$scratch/broker.log"
grep -q "^broker listening on https://127.0.0.1:$port" "$scratch/broker.log" || fail "the broker did not say it listens on https://127.0.0.1:$port"
grep -q '^endpoints trust ' "$scratch/broker.log" || fail "the broker did not print 'endpoints trust <its development CA>'"
# The journal of a service: no library chatter (logback's default, DEBUG for all, when the package's
# logback.xml is not found).
if grep -q ' DEBUG ' "$scratch/broker.log"; then fail "rounds-server broker logs at DEBUG: the package's logback.xml was not read"; fi
kill -TERM "$broker_pid"
deadline=$((SECONDS + 20))
while kill -0 "$broker_pid" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "rounds-server broker did not stop within 20 s of SIGTERM"
  sleep 0.2
done
wait "$broker_pid" 2>/dev/null || true
broker_pid=""
echo "broker stopped on SIGTERM"
no_stray rounds-server

# --- systemd units -----------------------------------------------------------------------------
step "systemd-analyze verify"
need systemd-analyze systemd
# Offline verification: no running systemd is needed. Warnings about units the tested unit
# refers to but that this image lacks would show on stderr and fail the check.
verify_unit() {
  local out rc=0
  out="$(systemd-analyze "$@" 2>&1)" || rc=$?
  [ -n "$out" ] && echo "$out"
  [ "$rc" -eq 0 ] && [ -z "$out" ] || fail "systemd-analyze $* reported problems (exit $rc)"
}
for u in "${server_units[@]}"; do verify_unit verify "$u"; done
# A user unit: --user needs a runtime dir (XDG_RUNTIME_DIR), which a CI container has not got.
mkdir -p -m 0700 "$scratch/runtime"
XDG_RUNTIME_DIR="$scratch/runtime" verify_unit --user verify "$kiosk_unit"
for key in 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'StateDirectory=rounds' 'User=rounds' \
           'StateDirectoryMode=0700' 'UMask=0077' 'LimitCORE=0' \
           'ExecStart=/usr/bin/rounds-server broker --data /var/lib/rounds --port 8443'; do
  grep -qx "$key" "$broker_unit" || fail "$broker_unit lacks $key"
done
# The desktop host and the gateway: the broker's hardening and user, each its own state directory
# under /var/lib/rounds, its settings from /etc/rounds.
for key in 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'PrivateDevices=yes' \
           'ProtectKernelTunables=yes' 'ProtectControlGroups=yes' 'RestrictSUIDSGID=yes' 'User=rounds' 'Group=rounds' \
           'StateDirectoryMode=0700' 'UMask=0077' 'LimitCORE=0' 'Restart=on-failure'; do
  grep -qx "$key" "$broker_unit" || fail "$broker_unit lacks $key"
  grep -qx "$key" "$gateway_unit" || fail "$gateway_unit lacks $key (the broker's unit has it)"
  grep -qx "$key" "$host_unit" || fail "$host_unit lacks $key (the broker's unit has it)"
done
grep -qx 'StateDirectory=rounds/gateway' "$gateway_unit" || fail "$gateway_unit lacks StateDirectory=rounds/gateway"
grep -qx 'EnvironmentFile=/etc/rounds/gateway.env' "$gateway_unit" || fail "$gateway_unit does not read /etc/rounds/gateway.env"
grep -q '^ExecStart=/usr/bin/rounds-server gateway .*--data /var/lib/rounds/gateway' "$gateway_unit" \
  || fail "$gateway_unit does not start rounds-server gateway --data /var/lib/rounds/gateway"
grep -qx 'StateDirectory=rounds/desktop-host' "$host_unit" || fail "$host_unit lacks StateDirectory=rounds/desktop-host"
grep -qx 'EnvironmentFile=/etc/rounds/desktop-host.env' "$host_unit" || fail "$host_unit does not read /etc/rounds/desktop-host.env"
grep -q '^ExecStart=/usr/bin/rounds-server desktop-host .*--data /var/lib/rounds/desktop-host' "$host_unit" \
  || fail "$host_unit does not start rounds-server desktop-host --data /var/lib/rounds/desktop-host"
# The installed command accepts the units' command lines (the environment files' example values).
run rounds-server gateway --help >/dev/null 2>&1 || fail "rounds-server gateway --help fails: $gateway_unit starts a command the package lacks"
run rounds-server desktop-host --help >/dev/null 2>&1 || fail "rounds-server desktop-host --help fails: $host_unit starts a command the package lacks"
grep -qx 'Restart=on-failure' "$kiosk_unit" || fail "$kiosk_unit lacks Restart=on-failure"
# A core dump of the endpoint would hold the session's pixels and badge numbers.
grep -qx 'LimitCORE=0' "$kiosk_unit" || fail "$kiosk_unit lacks LimitCORE=0"
grep -q '^ExecStart=/usr/bin/rounds client --kiosk ' "$kiosk_unit" || fail "$kiosk_unit does not start the client in kiosk mode"
echo "units verified: ${server_units[*]} (rounds-server) $kiosk_unit (rounds)"

# --- upgrade keeps an edited conffile ----------------------------------------------------------
step "reinstall rounds over an edited $conf"
cat > "$conf" <<'JSON'
{"endpoint": {"id": "cart-edited", "kind": "cart", "location": "Ward 4"}, "brokers": ["https://broker.example.org:8443"]}
JSON
DEBIAN_FRONTEND=noninteractive dpkg -i --force-confold "$deb" >/dev/null
grep -q '"cart-edited"' "$conf" || fail "reinstalling replaced the administrator's $conf"
[ "$(stat -c '%a %U:%G' "$conf")" = "640 root:rounds" ] || fail "after the reinstall $conf is $(stat -c '%a %U:%G' "$conf"), not 640 root:rounds"

# --- remove and purge each package while the other stays ---------------------------------------
server_intact() {
  [ -x /opt/rounds-server/bin/rounds-server ] && [ -L /usr/bin/rounds-server ] && [ -f "$broker_unit" ] && [ -f "$host_unit" ] \
    && [ -f "$gateway_unit" ] || fail "$1 took rounds-server's files (/opt/rounds-server, /usr/bin/rounds-server or ${server_units[*]})"
  getent passwd rounds >/dev/null || fail "$1 deleted the system user rounds that rounds-server runs the broker as"
  run rounds-server --version >/dev/null 2>&1 || fail "rounds-server --version fails after $1"
}
endpoint_intact() {
  [ -x /opt/rounds/bin/rounds ] && [ -L /usr/bin/rounds ] && [ -f "$kiosk_unit" ] && [ -f "$conf" ] \
    || fail "$1 took rounds' files (/opt/rounds, /usr/bin/rounds, $kiosk_unit or $conf)"
  run rounds --version >/dev/null 2>&1 || fail "rounds --version fails after $1"
}

step "dpkg -r rounds (rounds-server stays)"
dpkg -r rounds >/dev/null
[ ! -e /opt/rounds ] && [ ! -e /usr/bin/rounds ] || fail "dpkg -r left /opt/rounds or /usr/bin/rounds"
[ ! -e "$kiosk_unit" ] || fail "dpkg -r left $kiosk_unit"
grep -q '"cart-edited"' "$conf" || fail "dpkg -r did not keep $conf"
server_intact "dpkg -r rounds"
echo "removed; $conf kept (Debian policy: remove keeps conffiles); rounds-server intact"
step "dpkg -P rounds (rounds-server stays)"
dpkg -P rounds >/dev/null
[ ! -e "$conf" ] || fail "dpkg -P did not delete $conf"
[ ! -e /etc/rounds ] || fail "dpkg -P left /etc/rounds"
server_intact "dpkg -P rounds"
echo "purged; $conf gone; rounds-server intact"

step "dpkg -i rounds again, then dpkg -r and -P rounds-server (rounds stays)"
dpkg -i "$deb" >/dev/null
dpkg -r rounds-server >/dev/null
[ ! -e /opt/rounds-server ] && [ ! -e /usr/bin/rounds-server ] || fail "dpkg -r left /opt/rounds-server or /usr/bin/rounds-server"
for u in "${server_units[@]}"; do
  [ ! -e "$u" ] || fail "dpkg -r left $u"
done
endpoint_intact "dpkg -r rounds-server"
dpkg -P rounds-server >/dev/null
if known rounds-server; then fail "dpkg -P left rounds-server known to dpkg"; fi
# Kept on purpose (Debian practice): a deleted user's id could be reused and inherit /var/lib/rounds.
getent passwd rounds >/dev/null || fail "dpkg -P rounds-server deleted the user rounds (it owns /var/lib/rounds)"
endpoint_intact "dpkg -P rounds-server"
echo "rounds-server removed and purged (user rounds kept); rounds intact"
dpkg -P rounds >/dev/null
[ ! -e /etc/rounds ] && [ ! -e /opt/rounds ] || fail "dpkg -P rounds left /etc/rounds or /opt/rounds"
echo "both purged"

# --- upgrade from the single package -----------------------------------------------------------
# rounds-broker.service moved from rounds (0.1.0-1) to rounds-server: Breaks + Replaces on
# rounds (<< 0.1.0-2) let an administrator upgrade to both packages in one apt run.
step "upgrade a host with the single rounds 0.1.0-1 (a stand-in holding $broker_unit) to both packages"
old="$scratch/old"
mkdir -p "$old/DEBIAN" "$old/lib/systemd/system"
printf 'Package: rounds\nVersion: 0.1.0-1\nArchitecture: all\nMaintainer: ci <ci@localhost>\nDescription: stand-in for the single rounds package\n' \
  >"$old/DEBIAN/control"
cp "$here/src/linux/systemd/rounds-broker.service" "$old$broker_unit"
dpkg-deb --root-owner-group --build "$old" "$scratch/old.deb" >/dev/null
dpkg -i "$scratch/old.deb" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(readlink -f "$server_deb")" "$(readlink -f "$deb")" >"$scratch/upgrade" 2>&1 \
  || { cat "$scratch/upgrade"; fail "apt-get could not upgrade the single rounds package to rounds and rounds-server"; }
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p")" = installed ] || fail "after the upgrade from the single package, $p is not installed"
done
[ "$(dpkg -S "$broker_unit" | cut -d: -f1)" = rounds-server ] || fail "after the upgrade, $broker_unit is not rounds-server's"
dpkg -P rounds rounds-server >/dev/null
echo "upgraded: rounds 0.1.0-1 -> rounds and rounds-server $(dpkg-deb -f "$deb" Version); $broker_unit now rounds-server's; both purged"

echo "ci-test-deb: OK rounds=$((size_bytes / 1024 / 1024))MB rounds-server=$((server_size_bytes / 1024 / 1024))MB cold_start=${cold}s server_cold_start=${cold_server}s"
