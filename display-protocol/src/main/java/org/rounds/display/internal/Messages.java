package org.rounds.display.internal;

/**
 * RFB message type numbers and the flags of the extension messages, shared by the client and
 * the server so both sides read the same table (rfbproto: "Client to Server Messages",
 * "Server to Client Messages").
 */
public final class Messages {
    // Client to server
    public static final int SET_PIXEL_FORMAT = 0;
    public static final int SET_ENCODINGS = 2;
    public static final int FRAMEBUFFER_UPDATE_REQUEST = 3;
    public static final int KEY_EVENT = 4;
    public static final int POINTER_EVENT = 5;
    public static final int CLIENT_CUT_TEXT = 6;
    public static final int ENABLE_CONTINUOUS_UPDATES = 150;
    public static final int CLIENT_FENCE = 248;
    public static final int SET_DESKTOP_SIZE = 251;
    public static final int QEMU_CLIENT_MESSAGE = 255;
    public static final int QEMU_EXTENDED_KEY_EVENT = 0; // sub-type of QEMU_CLIENT_MESSAGE

    // Server to client
    public static final int FRAMEBUFFER_UPDATE = 0;
    public static final int SET_COLOUR_MAP_ENTRIES = 1;
    public static final int BELL = 2;
    public static final int SERVER_CUT_TEXT = 3;
    public static final int END_OF_CONTINUOUS_UPDATES = 150;
    public static final int SERVER_FENCE = 248;
    /** xvp (shut down, reboot, reset a VM): the server's u8 padding, u8 version, u8 code (init or failure). */
    public static final int XVP = 250;

    // Fence flags (ClientFence/ServerFence)
    public static final int FENCE_BLOCK_BEFORE = 1;
    public static final int FENCE_BLOCK_AFTER = 2;
    public static final int FENCE_SYNC_NEXT = 4;
    public static final int FENCE_REQUEST = 0x80000000;
    /** A fence's payload is at most 64 bytes. */
    public static final int FENCE_MAX_PAYLOAD = 64;

    private Messages() {}
}
