package org.rounds.display.client;

import java.util.HashMap;
import java.util.Map;

/**
 * XT scancodes (QEMU's numbering: 0xE0-prefixed keys as 0x80 | code) of the keys whose place on
 * the keyboard does not depend on its layout: modifiers, editing and cursor keys, function keys
 * and the keypad. Only these are sent as QEMU extended key events: a letter's scancode would be
 * guessed from a layout the endpoint cannot see, and a wrong guess types a wrong letter, so
 * letters, digits and symbols go as plain keysyms (noVNC sends the physical code it reads from
 * the browser instead; JavaFX gives no physical code).
 */
final class XtScancodes {
    private static final Map<Integer, Integer> BY_KEYSYM = new HashMap<>();

    static {
        int[][] pairs = {
            {0xff1b, 0x01}, {0xff08, 0x0e}, {0xff09, 0x0f}, {0xff0d, 0x1c}, {0xffe3, 0x1d}, {0xffe1, 0x2a}, {0xffe2, 0x36},
            {0xffe9, 0x38}, {0xffe5, 0x3a}, {0xff7f, 0x45}, {0xff14, 0x46}, {0xffe4, 0x9d}, {0xffea, 0xb8}, {0xfe03, 0xb8},
            {0xff61, 0xb7}, {0xff50, 0xc7}, {0xff52, 0xc8}, {0xff55, 0xc9}, {0xff51, 0xcb}, {0xff53, 0xcd}, {0xff57, 0xcf},
            {0xff54, 0xd0}, {0xff56, 0xd1}, {0xff63, 0xd2}, {0xffff, 0xd3}, {0xffeb, 0xdb}, {0xffec, 0xdc}, {0xff67, 0xdd},
            // keypad
            {0xffb7, 0x47}, {0xffb8, 0x48}, {0xffb9, 0x49}, {0xffad, 0x4a}, {0xffb4, 0x4b}, {0xffb5, 0x4c}, {0xffb6, 0x4d},
            {0xffab, 0x4e}, {0xffb1, 0x4f}, {0xffb2, 0x50}, {0xffb3, 0x51}, {0xffb0, 0x52}, {0xffae, 0x53}, {0xffaa, 0x37},
            {0xffaf, 0xb5}, {0xff8d, 0x9c},
        };
        for (int[] p : pairs) BY_KEYSYM.put(p[0], p[1]);
        for (int f = 0; f < 10; f++) BY_KEYSYM.put(0xffbe + f, 0x3b + f); // F1..F10
        BY_KEYSYM.put(0xffc8, 0x57); // F11
        BY_KEYSYM.put(0xffc9, 0x58); // F12
    }

    private XtScancodes() {}

    /** The key's scancode, or 0 when its place depends on the keyboard layout. */
    static int of(int keysym) { return BY_KEYSYM.getOrDefault(keysym, 0); }
}
