package org.rounds.device.wedge;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;

/** The few libc calls the evdev wedge needs (Linux only). Names and prototypes as in C. */
interface LibC extends Library {

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    short POLLIN = 0x1;
    /** {@code _IOW('E', 0x90, int)}: take (1) or release (0) the device exclusively. */
    long EVIOCGRAB = 0x40044590L;

    static LibC load() {
        return Native.load("c", LibC.class);
    }

    // int open(const char *pathname, int flags);
    int open(String pathname, int flags);

    // int ioctl(int fd, unsigned long request, ...);  called with one int argument
    int ioctl(int fd, NativeLong request, int arg);

    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
    int poll(PollFd[] fds, int nfds, int timeout);

    // ssize_t read(int fd, void *buf, size_t count);
    NativeLong read(int fd, byte[] buf, NativeLong count);

    // int close(int fd);
    int close(int fd);

    /** struct pollfd { int fd; short events; short revents; } */
    @Structure.FieldOrder({"fd", "events", "revents"})
    class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }
}
