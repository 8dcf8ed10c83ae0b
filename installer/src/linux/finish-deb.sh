#!/usr/bin/env bash
# finish-deb.sh PACKAGES_DIR PACKAGE LINUX_DIR — adds to the .deb of PACKAGE (rounds or rounds-server)
# that jpackage built the files jpackage (JDK 17) cannot place outside /opt/PACKAGE, as files dpkg owns:
#   rounds         the /usr/bin/rounds link, the desktop entry and icon (jpackage's own
#                  xdg-desktop-menu calls in postinst fail on hosts without /usr/share/applications
#                  and pull in xdg-utils and perl), the kiosk user unit, and the default
#                  /etc/rounds/endpoint.json declared as a dpkg conffile (kept on remove and upgrade,
#                  asked about when both the admin and a new package changed it, deleted on purge);
#   rounds-server  the /usr/bin/rounds-server link and the system units of the broker, the
#                  desktop host and the gateway.
# The two share no file, so both install side by side. jpackage has no conffiles resource, so the
# package is unpacked, completed and rebuilt with dpkg-deb.
set -euo pipefail
umask 022

pkg="$2"
src="$3"
shopt -s nullglob
debs=("$1/${pkg}"_*.deb)
[ "${#debs[@]}" -eq 1 ] || { echo "finish-deb: expected one ${pkg}_*.deb in $1, found ${#debs[@]}" >&2; exit 1; }
deb="${debs[0]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"

dpkg-deb --raw-extract "$deb" "$root"
mkdir -p "$root/usr/bin"

case "$pkg" in
  rounds)
    # 0640: never world-readable, not even between unpack and postinst (which gives it to group rounds)
    install -D -m 0640 "$src/etc/rounds/endpoint.json" "$root/etc/rounds/endpoint.json"
    install -D -m 0644 "$src/systemd/rounds-kiosk.service" "$root/usr/lib/systemd/user/rounds-kiosk.service"
    install -D -m 0644 "$src/rounds.desktop" "$root/usr/share/applications/rounds.desktop"
    install -D -m 0644 "$src/rounds.png" "$root/usr/share/icons/hicolor/128x128/apps/rounds.png"
    ln -sfn /opt/rounds/bin/rounds "$root/usr/bin/rounds"
    echo /etc/rounds/endpoint.json >"$root/DEBIAN/conffiles"
    chmod 0644 "$root/DEBIAN/conffiles"
    added="/usr/bin/rounds, desktop entry, icon, kiosk user unit, conffile /etc/rounds/endpoint.json"
    ;;
  rounds-server)
    for unit in rounds-broker rounds-desktop-host rounds-gateway; do
      install -D -m 0644 "$src/systemd/$unit.service" "$root/lib/systemd/system/$unit.service"
    done
    ln -sfn /opt/rounds-server/bin/rounds-server "$root/usr/bin/rounds-server"
    added="/usr/bin/rounds-server, rounds-broker.service, rounds-desktop-host.service, rounds-gateway.service"
    ;;
  *)
    echo "finish-deb: unknown package $pkg (rounds or rounds-server)" >&2
    exit 1
    ;;
esac

size_kb="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -i "s/^Installed-Size:.*/Installed-Size: $size_kb/" "$root/DEBIAN/control"

dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "finish-deb: $(basename "$deb"): added $added"
