package org.rounds.broker.store;

import java.util.Optional;

/**
 * PostgreSQL URLs as administrators write them, with several hosts
 * ({@code postgresql://user@a:5432,b:5432/rounds?targetServerType=primary}), and the pgjdbc
 * settings a broker needs to survive a failover of the primary.
 */
final class PostgresUrls {
    private PostgresUrls() {}

    /**
     * pgjdbc's defaults wait for ever on a dead server (no socket timeout) and remember a host's
     * role for 10 s; a broker must find the new primary within seconds. Each is added only when
     * the URL does not set it. {@code socketTimeout} is long enough for a tap waiting on another
     * tap's row lock (which holds it while a desktop host admits a viewer).
     */
    private static final String[][] FAILOVER_DEFAULTS = {
            {"connectTimeout", "2"}, {"loginTimeout", "3"}, {"socketTimeout", "15"}, {"tcpKeepAlive", "true"},
            {"hostRecheckSeconds", "1"}};

    static String withFailoverDefaults(String jdbcUrl) {
        StringBuilder url = new StringBuilder(jdbcUrl);
        String query = jdbcUrl.contains("?") ? jdbcUrl.substring(jdbcUrl.indexOf('?') + 1) : "";
        String separator = !jdbcUrl.contains("?") ? "?" : query.isEmpty() || query.endsWith("&") ? "" : "&";
        for (String[] kv : FAILOVER_DEFAULTS) {
            if (("&" + query).contains("&" + kv[0] + "=")) continue;
            url.append(separator).append(kv[0]).append('=').append(kv[1]);
            separator = "&";
        }
        return url.toString();
    }

    /** {@code postgresql://[user[:password]@]host:port,host:port/db[?query]}: java.net.URI takes no host list. */
    static boolean isMultiHost(String url) {
        int start = url.indexOf("://");
        if (start < 0) return false;
        String rest = url.substring(start + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        return authority.substring(authority.lastIndexOf('@') + 1).contains(",");
    }

    record Parsed(String jdbcUrl, String user, Optional<String> password) {}

    static Parsed parse(String url) {
        String scheme = url.substring(0, url.indexOf("://"));
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("database URL '" + Database.redacted(url) + "' must be postgresql://user@host:port,host:port/db");
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1 || rest.charAt(slash + 1) == '?') {
            throw new IllegalArgumentException("database URL '" + Database.redacted(url) + "' names no database");
        }
        String authority = rest.substring(0, slash);
        int at = authority.lastIndexOf('@');
        String user = "";
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            String[] up = authority.substring(0, at).split(":", 2);
            user = up[0];
            if (up.length == 2) password = Optional.of(up[1]);
        }
        String hosts = authority.substring(at + 1);
        for (String h : hosts.split(",")) {
            if (!h.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?")) {
                throw new IllegalArgumentException("database URL '" + Database.redacted(url) + "' has a host '" + h
                        + "' that is not host or host:port");
            }
        }
        return new Parsed("jdbc:postgresql://" + hosts + rest.substring(slash), user, password);
    }
}
