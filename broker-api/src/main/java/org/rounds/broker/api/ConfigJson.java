package org.rounds.broker.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads one JSON configuration file strictly (unknown fields, nulls for numbers and trailing
 * text are errors) into a record; every failure is one line naming the file and the field.
 * Shared by the endpoint's and the broker's files so both say the same things the same way.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConfigJson() {}

    public static <T> T read(Path file, Class<T> type) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return JSON.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown field '" + path(e) + "' (known here: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")");
        } catch (JsonProcessingException e) {
            JsonParseException broken = e instanceof JsonParseException p ? p
                    : e.getCause() instanceof JsonParseException p ? p : null;
            if (broken != null || !(e instanceof JsonMappingException mapping)) {
                JsonProcessingException at = broken != null ? broken : e;
                throw new ConfigException(file + ": not valid JSON at line " + at.getLocation().getLineNr()
                        + ", column " + at.getLocation().getColumnNr() + ": " + firstLine(at));
            }
            throw new ConfigException(file + ": field '" + path(mapping) + "': " + firstLine(e));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            else sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
