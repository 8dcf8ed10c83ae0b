package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.EndpointRegistration;

@Tag("unit")
class EndpointProfileTest {

    @Test
    void registersWithTheLowerCaseKind() {
        EndpointProfile cart = new EndpointProfile("cart-1", EndpointProfile.Kind.parse(" Cart "), "ward 4 bed 12");

        assertThat(cart.registration()).isEqualTo(new EndpointRegistration("cart-1", "cart", "ward 4 bed 12"));
    }

    @Test
    void anUnknownKindNamesTheChoices() {
        assertThatThrownBy(() -> EndpointProfile.Kind.parse("trolley"))
                .hasMessage("endpoint kind 'trolley' is not one of cart, tablet, kiosk, workstation");
    }

    @Test
    void anEndpointIdMustBeSafeInAUrlPath() {
        assertThatThrownBy(() -> new EndpointProfile("ward 4/bed 12", EndpointProfile.Kind.CART, "ward 4"))
                .hasMessage("endpoint id 'ward 4/bed 12' may use only letters, digits, '.', '_' and '-'");
    }
}
