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

    @Test
    void withoutAnEnrolmentTheAddressIsTheSource() {
        assertThat(RequestSource.of(null, "10.1.2.3").key()).isEqualTo("addr:10.1.2.3");
        assertThat(RequestSource.of("not an enrolment", "0:0:0:0:0:0:0:1").key()).isEqualTo("addr:0:0:0:0:0:0:0:1");
        assertThat(RequestSource.of(null, null).key()).isEqualTo("addr:unknown");
    }
}
