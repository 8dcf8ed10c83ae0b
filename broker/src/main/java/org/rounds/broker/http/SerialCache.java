package org.rounds.broker.http;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who a client certificate's serial stands for, read from the store and kept per serial for at
 * most {@link #CACHE_NANOS}, so that a revocation on any broker sharing the database holds here
 * within a second without a query per request. Used by {@link EndpointIdentity} and {@link HostIdentity}.
 */
final class SerialCache<T> {
    /** Half a second: with a request's own latency, a revocation holds everywhere within 1 s. */
    static final long CACHE_NANOS = 500_000_000L;
    private static final int MAX_CACHED = 10_000;

    /** The store's answer for one serial (hex). */
    @FunctionalInterface
    interface Lookup<T> {
        Optional<T> find(String serialHex) throws SQLException;
    }

    private record Cached<T>(Optional<T> value, long at) {}

    private final Lookup<T> lookup;
    private final LongSupplier nanos;
    private final Map<String, Cached<T>> cache = new ConcurrentHashMap<>();

    SerialCache(Lookup<T> lookup, LongSupplier nanos) {
        this.lookup = lookup;
        this.nanos = nanos;
    }

    Optional<T> get(String serialHex) throws SQLException {
        long now = nanos.getAsLong();
        Cached<T> c = cache.get(serialHex);
        if (c != null && now - c.at() < CACHE_NANOS) return c.value();
        Optional<T> found = lookup.find(serialHex);
        if (cache.size() >= MAX_CACHED) cache.clear();   // stale entries only cost a lookup; a flood cannot grow memory
        cache.put(serialHex, new Cached<>(found, now));
        return found;
    }
}
