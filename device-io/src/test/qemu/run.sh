#!/usr/bin/env bash
# run.sh — the pcProx HID path on a real kernel: boots a QEMU guest whose /dev/uhid carries a
# made pcProx, runs `rounds readers watch` there, and prints what it saw. Not part of CI (this
# CI's kernel has no USB host, uhid or uinput). Needs qemu-system-x86_64 and a prepared guest
# image (README.md): ROUNDS_QEMU_IMAGE=/path/guest.qcow2 ROUNDS_JAR=/path/rounds.jar run.sh OUTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: run.sh OUTDIR}"
: "${ROUNDS_QEMU_IMAGE:?set ROUNDS_QEMU_IMAGE to the prepared guest image}"
: "${ROUNDS_JAR:?set ROUNDS_JAR to client-app/target/rounds.jar}"
share="$(mktemp -d)"
trap 'rm -rf "$share"' EXIT
cp "$here/guest-run.sh" "$here/uhid_pcprox.py" "$share/"
cp "$ROUNDS_JAR" "$share/rounds.jar"
accel=()
[ -w /dev/kvm ] && accel=(-enable-kvm -cpu host)
timeout 300 qemu-system-x86_64 "${accel[@]}" -m 1536 -smp 2 -nographic -no-reboot \
  -drive "file=$ROUNDS_QEMU_IMAGE,if=virtio,snapshot=on" \
  -virtfs "local,path=$share,mount_tag=rounds,security_model=none,id=rounds" \
  -serial "file:$share/console.log" -monitor none
mkdir -p "$out"
cp -r "$share/out/." "$out/" 2>/dev/null || { echo "run.sh: the guest wrote no results (see console.log)" >&2; cp "$share/console.log" "$out/"; exit 1; }
cp "$share/console.log" "$out/"
cat "$out/watch.jsonl"
