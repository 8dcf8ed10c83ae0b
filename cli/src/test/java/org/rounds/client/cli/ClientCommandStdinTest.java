package org.rounds.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.client.endpoint.BrokerTransport;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.device.Debouncer;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingState;
import org.rounds.testpeers.Await;
import picocli.CommandLine;

/**
 * {@code rounds client} takes badge taps from standard input only with --simulate-reader: the
 * command's own wiring, given a stdin holding {@code tap <nurse's badge>}, on an endpoint of a
 * real in-process broker (loopback HTTP, as in the demo).
 */
@Tag("unit")
class ClientCommandStdinTest {
    private DemoWorld world;
    private Endpoint endpoint;

    @BeforeEach
    void start() {
        world = DemoWorld.start(Map.of());
        world.desktops().handOver("nurse", DemoBadge.NURSE.displayName());   // her desktop runs: the tap needs no cold start
        EndpointProfile profile = new EndpointProfile("cart-7", EndpointProfile.Kind.CART, "Ward 4, bed 7");
        endpoint = Endpoint.start(profile, BrokerClient.builder().broker(world.broker().baseUrl()).build(),
                Debouncer.DEFAULT_WINDOW, Clock.systemUTC(), BrokerTransport.INSECURE_DEV);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        world.close();
    }

    @Test
    void withSimulateReaderATapLineOnStdinSignsTheNurseIn() {
        CountingStdin stdin = new CountingStdin("tap " + DemoBadge.NURSE.badgeId() + "\nremove\n");
        command("--broker", world.broker().baseUrl(), "--endpoint", "cart-7", "--insecure-dev", "--simulate-reader")
                .wire(stdin);

        Await.until(Duration.ofSeconds(10), () -> "the nurse's desktop on cart-7, state " + endpoint.roaming().state(),
                () -> endpoint.roaming().state() == RoamingState.IN_SESSION);
        assertThat(endpoint.roaming().currentUserId()).contains("nurse");
        assertThat(stdin.reads).as("stdin was read").hasPositiveValue();
    }

    @Test
    void withoutSimulateReaderStdinIsNeverReadAndItsTapLineTapsNothing() {
        CountingStdin stdin = new CountingStdin("tap " + DemoBadge.NURSE.badgeId() + "\nremove\n");
        command("--broker", world.broker().baseUrl(), "--endpoint", "cart-7", "--insecure-dev").wire(stdin);

        // A real reader on the same endpoint still taps: the doctor's badge reaches the broker, which asks his PIN.
        try (SimulatedReader reader = new SimulatedReader("pcsc:test reader", endpoint.clock())) {
            reader.start(endpoint.taps());
            reader.tap(DemoBadge.DOCTOR.badgeId());
            Await.until(Duration.ofSeconds(10), () -> "the doctor's PIN asked on cart-7, state " + endpoint.roaming().state(),
                    () -> endpoint.roaming().state() == RoamingState.PIN_REQUIRED);
        }
        assertThat(stdin.reads).as("stdin was read").hasValue(0);
        assertThat(endpoint.roaming().state()).as("no nurse's session from stdin").isEqualTo(RoamingState.PIN_REQUIRED);
    }

    private record Wiring(ClientCommand command, Endpoint endpoint) {
        void wire(CountingStdin stdin) {
            command.stdin = stdin;
            command.simulatedReader(endpoint);
        }
    }

    private Wiring command(String... args) {
        ClientCommand command = new ClientCommand();
        new CommandLine(command).parseArgs(args);
        return new Wiring(command, endpoint);
    }

    /** Standard input holding {@code text}, counting the reads made of it. */
    private static final class CountingStdin extends ByteArrayInputStream {
        final AtomicInteger reads = new AtomicInteger();

        CountingStdin(String text) {
            super(text.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public synchronized int read() {
            reads.incrementAndGet();
            return super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            reads.incrementAndGet();
            return super.read(b, off, len);
        }
    }
}
