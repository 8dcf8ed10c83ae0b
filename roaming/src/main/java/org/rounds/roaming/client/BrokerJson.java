package org.rounds.roaming.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import okhttp3.MediaType;

/** The one JSON mapper of the broker client. */
final class BrokerJson {
    private BrokerJson() {}

    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /**
     * Unknown fields are ignored so an older endpoint keeps working against a newer broker that
     * adds fields; an unknown decision or event type still fails (the endpoint cannot act on it).
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
}
