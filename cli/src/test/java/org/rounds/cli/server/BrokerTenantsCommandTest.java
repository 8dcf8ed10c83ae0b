package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.cli.Main;

/** {@code rounds broker tenants add|list} on a store (issue 23). */
@Tag("unit")
class BrokerTenantsCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aPracticeAddedIsListedBesideTheDefaultAndCannotBeAddedTwice() {
        String data = dir.resolve("data").toString();
        assertThat(run("broker", "tenants", "add", "riverside-pediatrics", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().strip()).isEqualTo("practice riverside-pediatrics added");

        out.getBuffer().setLength(0);
        assertThat(run("broker", "tenants", "list", "--data", data)).as(err::toString).isZero();
        assertThat(out.toString().lines().map(l -> l.split("\t")[0])).containsExactly("default", "riverside-pediatrics");

        assertThat(run("broker", "tenants", "add", "riverside-pediatrics", "--data", data)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "rounds add: practice riverside-pediatrics exists already; 'rounds broker tenants list' shows them");
    }

    @Test
    void aNameThatIsNotAPracticesIsRefusedInOneLine() {
        assertThat(run("broker", "tenants", "add", "Ward:4", "--data", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rounds add: practice name 'Ward:4' must be 1 to 63 lower-case letters, "
                + "digits or hyphens, starting with a letter or digit");
        assertThat(err.toString().lines()).hasSize(1);
    }
}
