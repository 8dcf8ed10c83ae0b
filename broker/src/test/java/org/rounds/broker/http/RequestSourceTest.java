package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.store.Enrolments;



/** The source of a request: the enrolled endpoint its certificate names, else the peer's address; never a header. */
@Tag("unit")
class RequestSourceTest {

    @Test
    void anEnrolledEndpointIsTheSourceWhateverTheAddress() {
        assertThat(RequestSource.of(new Enrolments.Enrolled("cart-7", "cart"), "10.1.2.3").key()).isEqualTo("cert:cart-7");
    }

    /** Another practice's endpoint of the same id is another source (its floods never throttle this one), audited in its own trail. */
    @Test
    void aPracticesEndpointIsASourceOfItsOwn() {
        org.rounds.broker.store.Tenant a = new org.rounds.broker.store.Tenant("practice-a");
        RequestSource s = RequestSource.of(new Enrolments.Enrolled("cart-7", "cart", a), "10.1.2.3");
        assertThat(s.key()).isEqualTo("cert:practice-a:cart-7");
        assertThat(s.tenant()).isEqualTo(a);
        assertThat(RequestSource.of(null, "10.1.2.3").tenant()).isEqualTo(org.rounds.broker.store.Tenant.DEFAULT);
    }

    @Test
    void withoutAnEnrolmentTheAddressIsTheSource() {
        assertThat(RequestSource.of(null, "10.1.2.3").key()).isEqualTo("addr:10.1.2.3");
        assertThat(RequestSource.of("not an enrolment", "0:0:0:0:0:0:0:1").key()).isEqualTo("addr:0:0:0:0:0:0:0:1");
        assertThat(RequestSource.of(null, null).key()).isEqualTo("addr:unknown");
    }
}
