#!/usr/bin/env python3
"""A pcProx in SDK mode, made in a Linux guest's kernel through /dev/uhid.

The device answers feature reports the way device-io's recorded sequences (and micolous/pcprox's
protocol.md) describe: command 0x80 reads configuration page 0, 0x8F card buffer 0 (the data
bits, little-endian, zero without a card), 0x8E buffer 1 (byte 0: number of bits). A badge,
H10301 facility 1 card 1, lies on the reader from --card-at to --card-until seconds after start.
"""
import argparse, os, struct, time, select

UHID_DESTROY, UHID_START, UHID_STOP, UHID_OPEN, UHID_CLOSE, UHID_OUTPUT = 1, 2, 3, 4, 5, 6
UHID_GET_REPORT, UHID_GET_REPORT_REPLY, UHID_CREATE2 = 9, 10, 11
UHID_SET_REPORT, UHID_SET_REPORT_REPLY = 13, 14
EVENT_SIZE = 4 + 4372  # packed struct uhid_event: type + the largest member (create2)
BUS_USB = 0x03

# Vendor page, one 8-byte feature report without a report id.
DESCRIPTOR = bytes.fromhex("0600ff0901a10109021500" "26ff00750895 08b102c0".replace(" ", ""))

CONFIG_PAGE0 = bytes.fromhex("0000111a1a0d2800")
CARD_BITS = bytes.fromhex("0100010000000000")   # H10301 facility 1, card 1, parity stripped
CARD_COUNT = bytes.fromhex("1818000000000000")
NO_CARD = bytes(8)


def event(kind, payload):
    return struct.pack("<I", kind) + payload.ljust(EVENT_SIZE - 4, b"\0")


def create2():
    p = struct.pack("<128s64s64sHHIIII", b"RF IDeas pcProx (uhid)", b"rounds-qemu", b"", len(DESCRIPTOR),
                    BUS_USB, 0x0C27, 0x3BFA, 0x0100, 0)
    return event(UHID_CREATE2, p + DESCRIPTOR)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--card-at", type=float, default=3.0)
    ap.add_argument("--card-until", type=float, default=6.0)
    ap.add_argument("--seconds", type=float, default=12.0)
    a = ap.parse_args()
    fd = os.open("/dev/uhid", os.O_RDWR)
    os.write(fd, create2())
    start, command = time.monotonic(), 0
    while time.monotonic() - start < a.seconds:
        if not select.select([fd], [], [], 0.2)[0]:
            continue
        raw = os.read(fd, EVENT_SIZE)
        kind = struct.unpack_from("<I", raw)[0]
        if kind == UHID_SET_REPORT:
            rid, rnum, rtype, size = struct.unpack_from("<IBBH", raw, 4)
            data = raw[12:12 + size]
            command = data[0] if data else 0
            os.write(fd, event(UHID_SET_REPORT_REPLY, struct.pack("<IH", rid, 0)))
        elif kind == UHID_GET_REPORT:
            rid = struct.unpack_from("<I", raw, 4)[0]
            now = time.monotonic() - start
            present = a.card_at <= now < a.card_until
            answer = {0x80: CONFIG_PAGE0, 0x8F: CARD_BITS if present else NO_CARD,
                      0x8E: CARD_COUNT if present else NO_CARD}.get(command, NO_CARD)
            os.write(fd, event(UHID_GET_REPORT_REPLY, struct.pack("<IHH", rid, 0, len(answer)) + answer))
    os.write(fd, event(UHID_DESTROY, b""))
    os.close(fd)


if __name__ == "__main__":
    main()
