#!/bin/sh
# Runs inside the QEMU guest (started by the image's rounds-harness unit, see README.md) with the
# harness folder mounted at /mnt/rounds: makes the uhid pcProx, watches the readers with the real
# rounds jar, writes what it printed to /mnt/rounds/out/, and powers the guest off.
set -u
out=/mnt/rounds/out
mkdir -p "$out"
modprobe uhid 2>"$out/modprobe.err" || true
python3 /mnt/rounds/uhid_pcprox.py --card-at 4 --card-until 7 --seconds 14 2>"$out/uhid.err" &
sleep 1
java -jar /mnt/rounds/rounds.jar readers watch --seconds 11 >"$out/watch.jsonl" 2>"$out/watch.err"
echo "$?" >"$out/watch.rc"
wait
sync
poweroff -f
