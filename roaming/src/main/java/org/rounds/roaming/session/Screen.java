package org.rounds.roaming.session;

/** The endpoint's framebuffer, as far as locking is concerned. */
@FunctionalInterface
public interface Screen {

    /** Zero every pixel of the session shown, synchronously, before returning. */
    void clear();
}
