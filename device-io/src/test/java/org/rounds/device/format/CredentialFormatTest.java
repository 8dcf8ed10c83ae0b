package org.rounds.device.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class CredentialFormatTest {

    private static String id(String format, CardBits bits) {
        Decoded d = CredentialFormat.parse(format).decode(bits);
        assertThat(d).as(format + " accepts").isInstanceOf(Decoded.Id.class);
        return ((Decoded.Id) d).id();
    }

    private static String rejection(String format, CardBits bits) {
        Decoded d = CredentialFormat.parse(format).decode(bits);
        assertThat(d).as(format + " rejects").isInstanceOf(Decoded.Rejected.class);
        return ((Decoded.Rejected) d).reason();
    }

    private static CardBits hex(String h) {
        return CardBits.ofBytes(HexFormat.of().parseHex(h));
    }

    // --- UID

    @Test
    void uidHexAndDecimalInBothByteOrders() {
        CardBits uid = hex("04A1B2C3");
        assertThat(id("uid-hex", uid)).isEqualTo("04A1B2C3");
        assertThat(id("uid-hex-reversed", uid)).isEqualTo("C3B2A104");
        assertThat(id("uid-dec", uid)).isEqualTo("77705923");        // 0x04A1B2C3
        assertThat(id("uid-dec-reversed", uid)).isEqualTo("3283263748"); // 0xC3B2A104
    }

    @Test
    void uidKeepsLeadingZeroBytes() {
        assertThat(id("uid-hex", hex("0000AB"))).isEqualTo("0000AB");
        assertThat(id("uid-dec", hex("0000AB"))).isEqualTo("171");
        assertThat(id("uid-hex-reversed", hex("0000AB"))).isEqualTo("AB0000");
    }

    @Test
    void uidRejectsBitsThatAreNotWholeBytes() {
        assertThat(rejection("uid-hex", CardBits.parse("101"))).isEqualTo("uid-hex: 3 bits is not whole bytes");
    }

    // --- H10301

    @Test
    void h10301KnownVectorFacility1Card1() {
        // E=1 (one 1 among bits 2..13), FC 00000001, card 0000000000000001, O=0 (one 1 among 14..25)
        CardBits bits = CardBits.parse("1 00000001 0000000000000001 0");
        assertThat(bits.value()).isEqualTo(BigInteger.valueOf(0x2020002));
        assertThat(id("h10301", bits)).isEqualTo("1:1");
        assertThat(id("h10301-card", bits)).isEqualTo("1");
    }

    @Test
    void h10301AllOnesAndAllZeros() {
        assertThat(id("h10301", new CardBits(26, BigInteger.valueOf(0x1FFFFFF)))).isEqualTo("255:65535");
        assertThat(id("h10301", CardBits.parse("0 00000000 0000000000000000 1"))).isEqualTo("0:0");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "7,1234", "123,45678", "255,65535", "128,32768", "18,61234"})
    void h10301RoundTripsEveryEncodedCard(int facility, int card) {
        assertThat(id("h10301", TestEncoders.h10301(facility, card))).isEqualTo(facility + ":" + card);
    }

    @Test
    void h10301WrongParityIsRejectedWithOneLine() {
        assertThat(rejection("h10301", CardBits.parse("0 00000001 0000000000000001 0")))
                .isEqualTo("h10301: leading even parity is wrong");
        assertThat(rejection("h10301", CardBits.parse("1 00000001 0000000000000001 1")))
                .isEqualTo("h10301: trailing odd parity is wrong");
        // one flipped data bit in the card number half breaks the odd parity
        assertThat(rejection("h10301", CardBits.parse("1 00000001 0000000000000011 0")))
                .isEqualTo("h10301: trailing odd parity is wrong");
    }

    @Test
    void h10301WrongLengthIsRejected() {
        assertThat(rejection("h10301", CardBits.parse("1".repeat(27)))).isEqualTo("h10301: expected 26 bits, got 27");
    }

    @Test
    void h10301DecodesDataBitsFromAReaderThatStrippedParity() {
        CardBits stripped = new CardBits(24, BigInteger.valueOf((1 << 16) | 1), 1, 1);
        assertThat(id("h10301", stripped)).isEqualTo("1:1");
        // 24 bits that nobody said were stripped are not H10301
        assertThat(rejection("h10301", new CardBits(24, BigInteger.ONE))).isEqualTo("h10301: expected 26 bits, got 24");
    }

    // --- Corporate 1000

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "4095,1048575", "1234,567890", "2048,524288", "100,1"})
    void corp1000RoundTripsAgainstAnIndependentEncoder(int company, int card) {
        CardBits bits = TestEncoders.corp1000(company, card);
        assertThat(bits.length()).isEqualTo(35);
        assertThat(id("corp1000", bits)).isEqualTo(company + ":" + card);
        assertThat(id("corp1000-card", bits)).isEqualTo(Integer.toString(card));
    }

    @Test
    void corp1000KnownVectorCompany1Card1() {
        // P1 P2 | company 000000000001 | card 00000000000000000001 | P35. Ones among the data:
        // position 14 (company) and 34 (card). P2, even over 3-4,6-7,…,33-34, sees 34 → 1.
        // P35, odd over 2-3,5-6,…,32-33, sees P2 and 14 → 1. P1, odd over 2..35, sees 4 ones → 1.
        CardBits bits = CardBits.parse("1 1 000000000001 00000000000000000001 1");
        assertThat(bits).isEqualTo(TestEncoders.corp1000(1, 1));
        assertThat(id("corp1000", bits)).isEqualTo("1:1");
    }

    @Test
    void corp1000EachWrongParityBitIsNamed() {
        String good = TestEncoders.corp1000(1234, 567890).toBinary();
        assertThat(rejection("corp1000", CardBits.parse(flip(good, 2)))).isEqualTo("corp1000: parity bit 2 (even) is wrong");
        assertThat(rejection("corp1000", CardBits.parse(flip(good, 35)))).isEqualTo("corp1000: parity bit 35 (odd) is wrong");
        assertThat(rejection("corp1000", CardBits.parse(flip(good, 1))))
                .isEqualTo("corp1000: parity bit 1 (odd, whole card) is wrong");
        // a data bit covered by neither pair mask (positions 5, 8, … are in P35's; 4 is in P2's)
        assertThat(rejection("corp1000", CardBits.parse(flip(good, 4)))).isEqualTo("corp1000: parity bit 2 (even) is wrong");
        assertThat(rejection("corp1000", CardBits.parse(flip(good, 5)))).isEqualTo("corp1000: parity bit 35 (odd) is wrong");
    }

    @Test
    void corp1000WrongLengthAndStrippedData() {
        assertThat(rejection("corp1000", CardBits.parse("1".repeat(26)))).isEqualTo("corp1000: expected 35 bits, got 26");
        CardBits stripped = new CardBits(32, BigInteger.valueOf((1234L << 20) | 567890), 2, 1);
        assertThat(id("corp1000", stripped)).isEqualTo("1234:567890");
    }

    // --- CPS

    @Test
    void cpsSerialFromTaggedEfSnIcc() {
        assertThat(id("cps-serial", hex("5A0A80250000012345678901"))).isEqualTo("80250000012345678901");
        // trailing padding after the TLV is ignored
        assertThat(id("cps-serial", hex("5A0480250001FFFF"))).isEqualTo("80250001");
    }

    @Test
    void cpsSerialAcceptsABareValueAndRejectsDamage() {
        assertThat(id("cps-serial", hex("1234567890"))).isEqualTo("1234567890");
        assertThat(rejection("cps-serial", hex("5A0A8025"))).isEqualTo("cps-serial: EF.SN.ICC tag 5A announces 10 bytes but holds 2");
        assertThat(rejection("cps-serial", hex("5A"))).isEqualTo("cps-serial: EF.SN.ICC ends after its tag");
        assertThat(rejection("cps-serial", hex("FFFFFFFF"))).isEqualTo("cps-serial: the serial is blank");
    }

    // --- raw, chains, configuration

    @Test
    void rawShowsBitCountAndHex() {
        assertThat(id("raw", CardBits.parse("1 00000001 0000000000000001 0"))).isEqualTo("26:02020002");
    }

    @Test
    void aChainTakesTheFirstFormatThatAccepts() {
        CredentialFormat chain = CredentialFormat.parse("h10301, corp1000 ,raw");
        assertThat(chain.name()).isEqualTo("h10301,corp1000,raw");
        assertThat(chain.decode(TestEncoders.corp1000(7, 9))).isEqualTo(new Decoded.Id("7:9"));
        assertThat(chain.decode(TestEncoders.h10301(7, 9))).isEqualTo(new Decoded.Id("7:9"));
        assertThat(chain.decode(CardBits.parse("101"))).isEqualTo(new Decoded.Id("3:05"));
        assertThat(CredentialFormat.parse("h10301,corp1000").decode(CardBits.parse("101")))
                .isEqualTo(new Decoded.Rejected("h10301: expected 26 bits, got 3; corp1000: expected 35 bits, got 3"));
    }

    @Test
    void anUnknownFormatNameIsOneLineListingTheKnownOnes() {
        assertThatThrownBy(() -> CredentialFormat.parse("h10302"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown credential format 'h10302'; known: uid-hex,")
                .hasMessageNotContaining("\n");
        assertThat(CredentialFormat.parse("UID-HEX").name()).isEqualTo("uid-hex");
    }

    @Test
    void cardBitsNeverPrintTheirValue() {
        assertThat(TestEncoders.h10301(1, 1).toString()).isEqualTo("CardBits[26 bits]");
        assertThat(new Decoded.Id("12345").toString()).doesNotContain("12345");
    }

    @Test
    void cardBitsFieldsAndBytes() {
        CardBits b = CardBits.parse("1 00000001 0000000000000001 0");
        assertThat(b.bit(1)).isEqualTo(1);
        assertThat(b.bit(26)).isZero();
        assertThat(b.field(2, 8)).isEqualTo(1);
        assertThat(b.toBytes()).containsExactly(0x02, 0x02, 0x00, 0x02);
        assertThatThrownBy(() -> new CardBits(3, BigInteger.valueOf(8))).hasMessage("card value does not fit in 3 bits");
    }

    private static String flip(String bits, int position) {
        char[] c = bits.toCharArray();
        c[position - 1] = c[position - 1] == '0' ? '1' : '0';
        return new String(c);
    }
}
