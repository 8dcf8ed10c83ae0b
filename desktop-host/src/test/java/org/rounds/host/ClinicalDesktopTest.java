package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The embedded desktop's own behaviour: small damage for a keystroke, the wheel, the vitals chart, the clock. */
@Tag("unit")
class ClinicalDesktopTest {
    private final ClinicalDesktop d = new ClinicalDesktop("nurse", "Nurse", Clock.fixed(Instant.parse("2026-11-23T07:42:00Z"), ZoneOffset.UTC));
    private final List<int[]> damage = new ArrayList<>();

    { d.framebuffer().addDamageListener((x, y, w, h) -> damage.add(new int[] {x, y, w, h})); }

    @Test
    void aKeystrokeDamagesAboutOneCharacter() {
        d.keyEvent('A', true);
        assertThat(damage).hasSize(1);
        int[] r = damage.get(0);
        assertThat(r[2] * r[3]).as("damaged pixels for one character").isLessThan(20 * 30);
        assertThat(d.notes()).isEqualTo("A");
    }

    @Test
    void theWheelScrollsTheWardAndAClickThenSelectsTheRowShown() {
        int[] before = d.framebuffer().copyPixels();
        d.pointerEvent(100, 300, 16); // wheel down
        d.pointerEvent(100, 300, 0);
        assertThat(d.wardTop()).isEqualTo(1);
        assertThat(Arrays.equals(before, d.framebuffer().copyPixels())).isFalse();
        for (int i = 0; i < 30; i++) { // further than the list goes: it stops at the end
            d.pointerEvent(100, 300, 16);
            d.pointerEvent(100, 300, 0);
        }
        assertThat(d.wardTop()).isEqualTo(18 - ClinicalDesktop.VISIBLE_ROWS);
        int firstRow = 44 + 60 - 18 + 20;
        d.pointerEvent(100, firstRow, 1);
        d.pointerEvent(100, firstRow, 0);
        assertThat(d.selectedBed()).isEqualTo(18 - ClinicalDesktop.VISIBLE_ROWS);
    }

    @Test
    void selectingAPatientOpensTheirVitalsChart() {
        int bed2 = 44 + 60 - 18 + 66 + 20;
        d.pointerEvent(100, bed2, 1);
        d.pointerEvent(100, bed2, 0);
        int[] px = d.framebuffer().pixels();
        long heartLine = 0;
        for (int y = 44; y < 44 + ClinicalDesktop.CHART_H; y++)
            for (int x = 300; x < ClinicalDesktop.WIDTH; x++) if ((px[y * ClinicalDesktop.WIDTH + x] & 0xFFFFFF) == 0xC0392B) heartLine++;
        assertThat(heartLine).as("pixels of the red heart-rate line").isGreaterThan(100);
    }

    @Test
    void itsPointerIsAnArrowWithItsTipAsHotspot() {
        var c = d.cursorShape();
        assertThat(c.hotspotX()).isZero();
        assertThat(c.argb()[0] >>> 24).as("the tip is opaque").isEqualTo(0xFF);
        assertThat(c.argb()[11] >>> 24).as("top right is transparent").isZero();
        assertThat(Arrays.stream(c.argb()).filter(p -> p == 0xFFFFFFFF).count()).as("white inside").isGreaterThan(20);
    }

    @Test
    void ctrlVPastesTheViewersClipboardAndCtrlCCopiesTheNotes() {
        List<String> copied = new ArrayList<>();
        d.onClipboard(copied::add);
        d.clientCutText("BP 120/80 ✓");
        d.keyEvent(0xffe3, true);
        d.keyEvent('v', true);
        d.keyEvent('v', false);
        d.keyEvent(0xffe3, false);
        assertThat(d.notes()).isEqualTo("BP 120/80 ✓");
        d.keyEvent('!', true);
        d.keyEvent(0xffe3, true);
        d.keyEvent('c', true);
        assertThat(copied).containsExactly("BP 120/80 ✓!");
        assertThat(d.notes()).as("Ctrl+C types nothing").isEqualTo("BP 120/80 ✓!");
    }
}
