package org.rounds.broker.hosts;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which host a user's desktop goes to. A desktop stays where it was placed while that host is up
 * (draining included: a drain stops only new placements), so every later tap returns to the
 * same desktop. A new placement goes to the least-loaded placeable host of the endpoint's site,
 * or of any site when that one has none.
 */
public final class HostPlacement {
    private HostPlacement() {}

    /** The host chosen, and whether the desktop is new there (it must be started). */
    public record Choice(HostState host, boolean fresh) {}

    /** What the endpoint shows when the host of its desktop is gone and only a new tap may place it afresh. */
    public static final String HOST_LOST = "desktop host lost: tap again";

    /**
     * @param placed   the host the user's desktop was placed on, if any
     * @param site     the endpoint's site ("" when it has none)
     * @param mayPlace false for a reconnect: the same desktop or nothing
     * @return empty with {@link #refusal} to tell why
     */
    public static Optional<Choice> choose(List<HostState> hosts, Optional<String> placed, String site, boolean mayPlace) {
        if (placed.isPresent()) {
            Optional<HostState> same = hosts.stream().filter(h -> h.name().equals(placed.get())).findFirst();
            if (same.isPresent() && !same.get().state().equals("down")) return Optional.of(new Choice(same.get(), false));
            if (!mayPlace) return Optional.empty();
        } else if (!mayPlace) {
            return Optional.empty();
        }
        Comparator<HostState> lightest = Comparator.comparingDouble((HostState h) -> (double) h.sessions() / h.capacity())
                .thenComparingInt(HostState::sessions).thenComparing(HostState::name);
        Optional<HostState> here = hosts.stream().filter(HostState::placeable).filter(h -> h.site().equals(site)).min(lightest);
        if (here.isEmpty()) here = hosts.stream().filter(HostState::placeable).min(lightest);
        return here.map(h -> new Choice(h, true));
    }

    /** The one line an endpoint shows when {@link #choose} found nothing. */
    public static String refusal(List<HostState> hosts, Optional<String> placed, boolean mayPlace) {
        if (placed.isPresent() && !mayPlace) return HOST_LOST;
        if (!mayPlace) return "the session has no desktop any more: tap again";
        long up = hosts.stream().filter(h -> h.state().equals("up")).count();
        return hosts.isEmpty() ? "no desktop host is enrolled: ask IT to add one ('rounds broker hosts add')"
                : "no desktop host can take a new desktop (" + hosts.size() + " hosts, " + up
                        + " up and not draining, all full or none): tap again in a minute";
    }
}
