package org.rounds.host;

import org.rounds.broker.api.DesktopAddress;
import org.rounds.display.client.RfbClient;

/** How tests open a pool's desktop: as an endpoint does, VeNCrypt X509Vnc to the pinned certificate only. */
final class Viewers {
    private Viewers() {}

    static RfbClient.Builder to(DesktopAddress a) {
        return RfbClient.builder().host(a.host()).port(a.port()).password(a.password()).pinSha256(a.pin()).x509VncOnly();
    }
}
