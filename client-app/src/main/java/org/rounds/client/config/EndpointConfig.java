package org.rounds.client.config;

import org.rounds.device.wedge.KeyboardLayout;
import org.rounds.device.wedge.WedgeConfig;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An endpoint's configuration, read from one JSON file ({@link EndpointConfigFile}). Every field
 * is checked when read: a wrong value fails at start with a message naming the field and file.
 *
 * <pre>{@code
 * {
 *   "endpoint": {"id": "cart-12", "kind": "cart", "location": "Ward 4, bed 12"},
 *   "brokers": ["https://broker-a.example:8443", "https://broker-b.example:8443"],
 *   "tls": {"caFile": "/etc/rounds/ca.pem", "pins": ["sha256/AAAA..."],
 *           "keyFile": "/etc/rounds/endpoint-key.pem", "certificateFile": "/etc/rounds/endpoint.pem"},
 *   "readers": {"debounceMillis": 1500, "format": "h10301,corp1000,raw", "uidFormat": "uid-hex", "keyboardWedge": false},
 *   "language": "fr",
 *   "kiosk": {"adminPinHash": "pbkdf2-sha256:210000:...:..."}
 * }
 * }</pre>
 */
public record EndpointConfig(
        @JsonProperty(value = "endpoint", required = true) Endpoint endpoint,
        @JsonProperty(value = "brokers", required = true) List<String> brokers,
        @JsonProperty("tls") Tls tls,
        @JsonProperty("readers") Readers readers,
        @JsonProperty("language") String language,
        @JsonProperty("kiosk") Kiosk kiosk) {

    public static final List<String> LANGUAGES = List.of("en", "fr");
    public static final List<String> KINDS = List.of("cart", "tablet", "kiosk", "workstation");

    public EndpointConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        brokers = List.copyOf(Objects.requireNonNull(brokers, "brokers"));
        tls = tls == null ? new Tls(null, List.of()) : tls;
        readers = readers == null ? new Readers(null, null, null, null, null, null, null) : readers;
        language = language == null ? "en" : language.toLowerCase(Locale.ROOT);
        kiosk = kiosk == null ? new Kiosk(null) : kiosk;
    }

    /**
     * Kiosk mode: {@code adminPinHash} (from {@code rounds kiosk-pin}) lets an administrator leave
     * the full-screen kiosk; without it the kiosk can only be stopped from outside (its service).
     */
    public record Kiosk(@JsonProperty("adminPinHash") String adminPinHash) {}

    public record Endpoint(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "kind", required = true) String kind,
            @JsonProperty("location") String location) {
        public Endpoint {
            location = location == null ? "" : location;
        }
    }

    /**
     * {@code caFile}: a PEM bundle of the site's CA; {@code pins}: OkHttp-style {@code sha256/...} pins;
     * {@code keyFile}/{@code certificateFile}: the endpoint's enrolled client key and certificate
     * (default: {@code endpoint-key.pem} and {@code endpoint.pem} beside endpoint.json).
     */
    public record Tls(@JsonProperty("caFile") String caFile, @JsonProperty("pins") List<String> pins,
                      @JsonProperty("keyFile") String keyFile, @JsonProperty("certificateFile") String certificateFile) {
        public Tls {
            pins = pins == null ? List.of() : List.copyOf(pins);
        }

        public Tls(String caFile, List<String> pins) {
            this(caFile, pins, null, null);
        }
    }

    /**
     * {@code format}: how prox badges' bits become ids (h10301, corp1000, raw, ...; a comma list
     * tries each in turn); {@code uidFormat}: how contactless UIDs are written (uid-hex, uid-dec, ...);
     * {@code keyboardLayout}: the layout keyboard-wedge readers type through, qwerty or azerty;
     * {@code wedgePrefix}/{@code wedgeSuffix}: what a site's wedge readers type around each badge id;
     * {@code keyboardWedge}: true when this endpoint has a keyboard-wedge reader typing into the
     * window. Only then (or when one is detected at start) is a burst of keys read as a badge:
     * elsewhere a USB keystroke injector could tap by typing a number. Default false.
     */
    public record Readers(@JsonProperty("debounceMillis") Integer debounceMillis, @JsonProperty("format") String format,
                          @JsonProperty("uidFormat") String uidFormat, @JsonProperty("keyboardLayout") String keyboardLayout,
                          @JsonProperty("wedgePrefix") String wedgePrefix, @JsonProperty("wedgeSuffix") String wedgeSuffix,
                          @JsonProperty("keyboardWedge") Boolean keyboardWedge) {
        public static final String DEFAULT_FORMAT = "h10301,corp1000,raw";
        public static final String DEFAULT_UID_FORMAT = "uid-hex";

        public Readers {
            debounceMillis = debounceMillis == null ? 1500 : debounceMillis;
            format = format == null ? DEFAULT_FORMAT : format;
            uidFormat = uidFormat == null ? DEFAULT_UID_FORMAT : uidFormat;
            keyboardLayout = keyboardLayout == null ? "qwerty" : keyboardLayout.toLowerCase(Locale.ROOT);
            wedgePrefix = wedgePrefix == null ? "" : wedgePrefix;
            wedgeSuffix = wedgeSuffix == null ? "" : wedgeSuffix;
            keyboardWedge = keyboardWedge != null && keyboardWedge;
        }

        /** How a keyboard-wedge reader's burst is told from typing, with this site's affixes. */
        public WedgeConfig wedge() {
            return WedgeConfig.DEFAULT.withAffixes(wedgePrefix, wedgeSuffix);
        }

        /** The layout wedge readers type through. */
        public KeyboardLayout layout() {
            return KeyboardLayout.valueOf(keyboardLayout.toUpperCase(Locale.ROOT));
        }
    }
}
