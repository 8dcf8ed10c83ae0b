package org.rounds.broker.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser's cookie jar and forms, without a browser: follows no redirect, so a test sees each 303. */
final class ConsoleClient {
    private static final Pattern HIDDEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient http;
    private final String base;
    final Map<String, String> cookies = new LinkedHashMap<>();
    String acceptLanguage = "en";

    ConsoleClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** A new admin {@code name} of {@code role} in {@code broker}'s store, signed in to the console (asking for {@code then}). */
    static ConsoleClient signedIn(org.rounds.broker.Broker broker, HttpClient http, String name,
                                  org.rounds.broker.auth.AdminRole role, String then) throws Exception {
        byte[] secret = org.rounds.broker.auth.Totp.secretOf(broker.admin().addAdmin(name, role, ConsoleTest.PASSWORD));
        ConsoleClient c = new ConsoleClient(broker.baseUrl(), http);
        HttpResponse<String> in = c.signIn(name, ConsoleTest.PASSWORD,
                org.rounds.broker.auth.Totp.code(secret, java.time.Instant.now()), then);
        org.assertj.core.api.Assertions.assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        return c;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the form, as a browser does: the form's page first (its token), then the post. */
    HttpResponse<String> signIn(String name, String password, String totp, String then) throws Exception {
        String token = csrfOf(get("/console/signin").body());
        return post("/console/signin", Map.of("csrf", token, "name", name, "password", password, "totp", totp, "then", then));
    }

    static String csrfOf(String html) {
        Matcher m = HIDDEN.matcher(html);
        if (!m.find()) throw new AssertionError("no CSRF field in " + html);
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        if (!cookies.isEmpty()) r.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; ")));
        r.header("Accept-Language", acceptLanguage);
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        for (String c : res.headers().allValues("Set-Cookie")) {
            String[] nv = c.split(";", 2)[0].split("=", 2);
            if (c.contains("Max-Age=0")) cookies.remove(nv[0]);
            else cookies.put(nv[0], nv[1]);
        }
        return res;
    }
}
