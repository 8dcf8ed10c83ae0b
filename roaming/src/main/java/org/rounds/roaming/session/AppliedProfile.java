package org.rounds.roaming.session;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.api.PushEvent;

/**
 * A profile the broker pushed ({@code profile-changed}) and the endpoint put in force: its
 * {@link EndpointProfile.Policy} acts at once; the language, broker list and kiosk account are
 * for the endpoint's owner to apply (the UI's language, the failover list).
 *
 * @param brokers the brokers' base URLs in failover order; empty: keep the endpoint's own list
 * @param kioskAccount the kiosk's shared account; empty for none
 */
public record AppliedProfile(String name, int version, EndpointProfile.Policy policy, String language, List<String> brokers,
                             String kioskAccount) {
    public AppliedProfile {
        brokers = List.copyOf(brokers);
    }

    /**
     * The pushed settings over the endpoint's {@code current} policy, whose card-removal lock
     * and kiosk mode are the endpoint's own and stay. Bad settings (a broker of another version,
     * a hostile one) throw {@link IllegalArgumentException} with one line naming the field.
     */
    static AppliedProfile of(PushEvent.ProfileChanged pushed, EndpointProfile.Policy current) {
        ProfileSettings s = pushed.settings();
        if (s == null) throw new IllegalArgumentException("the profile carries no settings");
        s.problem().ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        if (pushed.profile() == null || !pushed.profile().matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException("the profile's name is not 1..64 characters of A-Z a-z 0-9 . _ : -");
        }
        EndpointProfile.SameUserTap sameUserTap = EndpointProfile.SameUserTap.valueOf(
                s.sameUserTap().replace('-', '_').toUpperCase(Locale.ROOT));
        EndpointProfile.Clipboard clipboard = EndpointProfile.Clipboard.valueOf(s.clipboard().toUpperCase(Locale.ROOT));
        EndpointProfile.Policy policy = new EndpointProfile.Policy(sameUserTap, s.tapOver(), Duration.ofMinutes(s.idleLockMinutes()),
                current.lockOnCardRemoval(), current.kiosk(), clipboard);
        return new AppliedProfile(pushed.profile(), pushed.version(), policy, s.language(), s.brokers(), s.kioskAccount());
    }
}
