package org.rounds.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty answers itself (a malformed request line, a head over 8 KiB, a body too slow) in the
 * gateway's one form, {@code {"error": "..."}} on one line, instead of an HTML page that names
 * the server: the public port tells a stranger no more than it must.
 */
final class OneLineErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(json(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code,
                                              String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(json(code, message).getBytes(StandardCharsets.UTF_8));
    }

    /** The status's own words: a reason Jetty adds may quote what the caller sent, which is not echoed back. */
    private static String json(int status, String ignoredReason) {
        String words = HttpStatus.getMessage(status);
        return "{\"error\":\"" + (words == null ? "HTTP " + status : words.toLowerCase(java.util.Locale.ROOT)) + " (HTTP " + status + ")\"}";
    }
}
