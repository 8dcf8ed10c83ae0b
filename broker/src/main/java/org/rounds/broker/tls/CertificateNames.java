package org.rounds.broker.tls;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names a broker's development certificate must carry so that a cart on another machine can
 * check it: localhost, 127.0.0.1 and this machine's host name (as before), the address the broker
 * binds — with a wildcard bind, every address of this machine's interfaces, since a cart may dial
 * any of them — and every {@code --name}. Kept as sorted sets of canonical text, so that the
 * names of a certificate on disk compare equal to the names wanted when nothing changed.
 */
record CertificateNames(Set<String> dns, Set<String> ips) {

    private static final Pattern DNS_NAME =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");
    /** SAN types of RFC 5280 as X509Certificate reports them. */
    private static final int SAN_DNS = 2, SAN_IP = 7;

    CertificateNames {
        dns = Collections.unmodifiableSet(new TreeSet<>(dns));
        ips = Collections.unmodifiableSet(new TreeSet<>(ips));
    }

    /**
     * The names for a broker bound to {@code bind} (an address, a host name, or a wildcard:
     * 0.0.0.0 for every IPv4 address, :: for every address) and known by {@code extraNames}
     * (DNS names or IP literals, each checked by {@link #isValid}).
     */
    static CertificateNames wanted(String bind, Collection<String> extraNames, Optional<String> hostName) {
        Set<String> dns = new TreeSet<>(List.of("localhost"));
        hostName.ifPresent(dns::add);
        Set<String> ips = new TreeSet<>(List.of("127.0.0.1"));
        if (bind != null && !bind.isBlank()) {
            String b = bind.strip();
            if (b.equals("0.0.0.0")) ips.addAll(interfaceAddresses(true));
            else if (b.matches("::|\\[::]")) ips.addAll(interfaceAddresses(false));
            else add(b, dns, ips);
        }
        for (String name : extraNames) add(name, dns, ips);
        return new CertificateNames(dns, ips);
    }

    /** The DNS and IP SANs of {@code certificate}, in the same canonical form. */
    static CertificateNames of(X509Certificate certificate) throws CertificateParsingException {
        Set<String> dns = new TreeSet<>(), ips = new TreeSet<>();
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == SAN_DNS) dns.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                else if (type == SAN_IP) ips.add(canonicalIp((String) san.get(1)));
            }
        }
        return new CertificateNames(dns, ips);
    }

    /** True for a DNS name (letters, digits, '-' and dots) or an IPv4 or IPv6 literal. */
    static boolean isValid(String name) {
        if (name == null) return false;
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (IP_LITERAL.matcher(n).matches()) {
            try {
                canonicalIp(n);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return DNS_NAME.matcher(n).matches();
    }

    /** Every name, for a log line: DNS names, then addresses. */
    @Override
    public String toString() {
        return String.join(", ", dns) + (ips.isEmpty() ? "" : ", " + String.join(", ", ips));
    }

    private static void add(String name, Set<String> dns, Set<String> ips) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (IP_LITERAL.matcher(n).matches()) ips.add(canonicalIp(n));
        else dns.add(n);
    }

    /** An IP literal as InetAddress prints it (IPv6 in full, without brackets or a zone): the form X509Certificate reports. */
    private static String canonicalIp(String literal) {
        String bare = literal.replaceAll("^\\[|]$", "").replaceAll("%.*$", "");
        if (!IP_LITERAL.matcher(bare).matches()) throw new IllegalArgumentException("not an IP address: " + literal);
        if (!bare.contains(":")) {
            // an IPv4 form InetAddress would not parse (an octet over 255) it would look up as a host name
            for (String octet : bare.split("\\.")) if (Integer.parseInt(octet) > 255) throw new IllegalArgumentException("not an IP address: " + literal);
        }
        try {
            return InetAddress.getByName(bare).getHostAddress();   // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    /**
     * The addresses of this machine's interfaces that are up, IPv4 only or all; link-local IPv6
     * addresses are left out (they need a zone to dial, which a certificate cannot name).
     */
    private static Set<String> interfaceAddresses(boolean ipv4Only) {
        Set<String> found = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) continue;
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (ipv4Only && !(a instanceof Inet4Address)) continue;
                    if (a.isLinkLocalAddress() && !(a instanceof Inet4Address)) continue;
                    found.add(canonicalIp(a.getHostAddress()));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network interfaces for the broker's certificate: "
                    + e.getMessage() + "; give --bind one address", e);
        }
        return found;
    }
}
