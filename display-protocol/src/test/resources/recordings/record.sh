#!/usr/bin/env bash
# Re-records the FBS sessions the decoder tests, fuzz test and `rounds bench decode` use, from
# real servers running real applications, and the servers' own screens (xwd -root) at the end:
#   xvnc-tight-photos.fbs   TigerVNC Xvnc, Tight with JPEG: photo-like images, a gradient, window moves
#   x11vnc-zrle-xterm.fbs   x11vnc on Xvfb, ZRLE: xterm scrolling text beside a gradient
#   xvnc-hextile-xterm.fbs  TigerVNC Xvnc, Hextile + CopyRect: xterm scrolling, windows moved
#   xvnc-tight-fullframe.fbs TigerVNC Xvnc, Tight with JPEG: a full-screen slideshow of photo-like
#                           pictures (whole-screen updates, what `bench decode`'s JPEG goal is about)
#   vncviewer-tight-xterm.fbs, vncviewer-zrle-xterm.fbs  TigerVNC's own vncviewer (under Xvfb, -PreferredEncoding
#                           Tight and ZRLE, JPEG off) through a recording proxy to Xvnc showing a picture and a
#                           scrolling xterm, its pointer warped: recordings made by another client, holding what it
#                           asked for (VMware cursor position, CursorWithAlpha, QEMU keys). Written by the peer test
#                           VncViewerRecordingTest, which checks them first (replay = Xvnc's screen, cuts replay).
# Heavy recordings for `rounds bench decode --vs-tigervnc` (too large for git: they go to
# display-protocol/target/recordings/, made only when named):
#   xvnc-tight-heavy        TigerVNC Xvnc 1920x1080, Tight with JPEG: a full-screen slideshow, six pictures in turn for 25 s, a new one every 0.2 s
#   xvnc-zrle-heavy         TigerVNC Xvnc 1920x1080, ZRLE: that slideshow for 3 s, then four xterms scrolling side by side for 20 s
# Xvnc runs with -nocursor: it draws the pointer into the picture (which xwd does not show) for
# a client that has not moved it yet.
# Each ends with two quiet seconds so that its last frame is the screen saved beside it
# (NAME.png), which RecordingsTest compares the replay with.
# Needs: Xvnc (tigervnc-standalone-server), x11vnc, xvfb, xterm, imagemagick, xdotool, x11-apps (xwd),
#        and for the vncviewer ones vncviewer (tigervnc-viewer), xsetroot, python3 (XWarpPointer through ctypes).
# Usage: display-protocol/src/test/resources/recordings/record.sh [NAME...]   (from anywhere; ~1 minute;
#        NAMEs re-record only those, e.g. xvnc-tight-fullframe)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
rounds="$root/rounds"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
W=800; H=600; SECONDS_ACTIVE=4; SECONDS_QUIET=2
only="${*:-all}"
want() { [ "$only" = all ] || [[ " $only " == *" $1 "* ]]; }
wanted() { [[ " $only " == *" $1 "* ]]; } # heavy ones: only when named

free_display() { for d in $(seq 61 99); do [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ] || { echo "$d"; return; }; done; exit 1; }

start_xvnc() { # display [geometry]
  Xvnc ":$1" -geometry "${2:-${W}x${H}}" -depth 24 -nocursor -SecurityTypes None -rfbport $((5900 + $1)) -localhost -nolisten tcp \
    >"$work/xvnc$1.log" 2>&1 & pids+=($!)
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$1" ] && return; sleep 0.1; done; echo "Xvnc :$1 did not start" >&2; exit 1
}

scroller() { # display geometry: an xterm scrolling a file listing at about 150 lines a second, like a busy log
  DISPLAY=":$1" xterm -geometry "$2" -fa Monospace -fs 9 -e sh -c 'ls -laR /usr/share | python3 -c "
import sys, time
for line in sys.stdin:
    print(line, end=\"\", flush=True); time.sleep(0.006)"' >/dev/null 2>&1 & pids+=($!)
}

snapshot() { # display name
  DISPLAY=":$1" xwd -root -silent | convert xwd:- -define png:compression-level=9 -define png:compression-filter=5 \
    -define png:compression-strategy=1 "PNG24:$here/$2.png" # truecolour: ImageIO alters grey PNGs
}

record() { # port name encodings (in the background; $rec is its pid)
  "$rounds" record "127.0.0.1::$1" "$here/$2.fbs" --seconds $((SECONDS_ACTIVE + SECONDS_QUIET)) --encodings "$3" &
  rec=$!
}

freeze() { for p in "$@"; do pkill -STOP -P "$p" 2>/dev/null || true; kill -STOP "$p" 2>/dev/null || true; done; }

convert -size 640x480 -seed 7 plasma:fractal -blur 0x1 "$work/photo1.png"
convert -size 400x300 -seed 11 plasma:orange-navy "$work/photo2.png"
convert -size 300x500 gradient:'#0b3d91-#f2c14e' "$work/gradient.png"

# 1. Tight + JPEG on Xvnc: photos and a gradient, moved around.
if want xvnc-tight-photos; then
d=$(free_display); start_xvnc "$d"
DISPLAY=":$d" display -geometry +0+0 "$work/photo1.png" & p1=$!; pids+=($p1)
DISPLAY=":$d" display -geometry +420+200 "$work/photo2.png" & p2=$!; pids+=($p2)
DISPLAY=":$d" display -geometry +480+40 "$work/gradient.png" & p3=$!; pids+=($p3)
sleep 1.5
record $((5900 + d)) xvnc-tight-photos "tight,tight-quality-6,tight-compress-6,cursor,pointerpos,desktopsize,lastrect"
win=$(DISPLAY=":$d" xdotool search --class display | tail -1)
for i in $(seq 0 19); do DISPLAY=":$d" xdotool windowmove "$win" $((20 + i * 15)) $((20 + i * 8)); sleep 0.2; done
wait "$rec"; snapshot "$d" xvnc-tight-photos
fi

# 2. ZRLE from x11vnc on Xvfb: xterm scrolling beside a gradient.
if want x11vnc-zrle-xterm; then
d=$(free_display)
Xvfb ":$d" -screen 0 ${W}x${H}x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!); sleep 1
DISPLAY=":$d" display -geometry +500+0 "$work/gradient.png" & pids+=($!)
scroller "$d" 80x40+0+0; term=${pids[-1]}
x11vnc -display ":$d" -rfbport $((5900 + d)) -localhost -nopw -forever -shared -quiet >/dev/null 2>&1 & pids+=($!); sleep 2
record $((5900 + d)) x11vnc-zrle-xterm "zrle,cursor,desktopsize"
sleep "$SECONDS_ACTIVE"; freeze "$term"
wait "$rec"; snapshot "$d" x11vnc-zrle-xterm
fi

# 3. Hextile + CopyRect on Xvnc: xterm scrolling, its window moved.
if want xvnc-hextile-xterm; then
d=$(free_display); start_xvnc "$d"
scroller "$d" 64x24+0+0; term=${pids[-1]}; sleep 1
record $((5900 + d)) xvnc-hextile-xterm "hextile,copyrect,cursor,pointerpos,desktopsize"
win=$(DISPLAY=":$d" xdotool search --class xterm | tail -1)
for i in $(seq 0 9); do DISPLAY=":$d" xdotool windowmove "$win" $((i * 12)) $((i * 9)); sleep 0.4; done
freeze "$term"
wait "$rec"; snapshot "$d" xvnc-hextile-xterm
fi

# 4. Tight + JPEG on Xvnc, whole screens: three photo-like pictures shown full-screen in turn.
if want xvnc-tight-fullframe; then
tints=(x "#1e3a5f-#f2c14e" "#2d6a4f-#f4a261" "#5a189a-#ffd166" "#003049-#eae2b7" "#6a040f-#caf0f8" "#264653-#e9c46a")
for i in 1 2 3; do
  convert -size ${W}x${H} -seed $((20 + i)) plasma:fractal -blur 0x3 \
    \( -size ${W}x${H} "gradient:${tints[$i]}" \) -compose overlay -composite "$work/slide$i.png"
done
d=$(free_display); start_xvnc "$d"
slide() { # show picture $1 over the whole screen (no window manager: a borderless window at 0,0), then drop the previous one
  DISPLAY=":$d" display -geometry +0+0 -borderwidth 0 "$work/slide$1.png" & pids+=($!)
  sleep 0.4; [ -n "${shown:-}" ] && kill "$shown" 2>/dev/null; shown=${pids[-1]}
}
slide 1; sleep 1
record $((5900 + d)) xvnc-tight-fullframe "tight,tight-quality-6,tight-compress-6,cursor,pointerpos,desktopsize,lastrect"
sleep 0.5
for i in 2 3; do slide "$i"; sleep 0.3; done
wait "$rec"; snapshot "$d" xvnc-tight-fullframe
fi

# 5. Recordings made by TigerVNC's vncviewer through a recording proxy (see the list above).
if want vncviewer-tight-xterm || want vncviewer-zrle-xterm; then
(cd "$root" && ./mvnw -B -o -q -pl display-protocol -am test -Dtest=VncViewerRecordingTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Drounds.recordings.update=true)
fi

# 6. Heavy: whole 1920x1080 screens, Tight/JPEG and ZRLE.
heavy() { # name encodings seconds [text-seconds]: a slideshow of six detailed pictures for that long, then
          # four xterms scrolling side by side for text-seconds
  local out="$root/display-protocol/target/recordings" hw=1920 hh=1080
  mkdir -p "$out"
  local tints=(x "#1e3a5f-#f2c14e" "#2d6a4f-#f4a261" "#5a189a-#ffd166" "#003049-#eae2b7" "#6a040f-#caf0f8" "#264653-#e9c46a")
  for i in 1 2 3 4 5 6; do
    [ -f "$work/big$i.png" ] || convert -size ${hw}x${hh} -seed $((40 + i)) plasma:fractal -blur 0x1 \
      \( -size ${hw}x${hh} "gradient:${tints[$i]}" \) -compose overlay -composite "$work/big$i.png"
  done
  d=$(free_display); start_xvnc "$d" ${hw}x${hh}
  # animate loads the pictures into the X server once and then only shows them: the slideshow costs the server next to nothing
  DISPLAY=":$d" animate -geometry +0+0 -borderwidth 0 -delay 20 "$work"/big[1-6].png & local show=$!; pids+=($show)
  sleep 3
  "$rounds" record "127.0.0.1::$((5900 + d))" "$out/$1.fbs" --seconds $(($3 + ${4:-0} + 2)) --encodings "$2" & rec=$!
  sleep "$3"; kill "$show" 2>/dev/null || true
  if [[ "$2" == zrle* ]]; then # then text: four xterms scrolling side by side, frozen before the recording ends
    for x in 0 480 960 1440; do scroller "$d" 78x80+$x+0; done
    sleep "$4"; for t in "${pids[@]: -4}"; do freeze "$t"; done
  fi
  wait "$rec"
  ls -l "$out/$1.fbs"
}
if wanted xvnc-tight-heavy; then heavy xvnc-tight-heavy "tight,tight-quality-6,tight-compress-6,cursor,pointerpos,desktopsize,lastrect" 25; fi
if wanted xvnc-zrle-heavy; then heavy xvnc-zrle-heavy "zrle,cursor,pointerpos,desktopsize" 3 20; fi

ls -l "$here"/*.fbs "$here"/*.png
du -ch "$here"/*.fbs "$here"/*.png | tail -1
