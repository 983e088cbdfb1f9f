package io.lockstep.node.rpc.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Host headers the server answers, against DNS rebinding: a web page on a name its owner can point
 * at any address (first its own server, then this node's) is allowed by the browser to call "itself",
 * and the only trace of the trick is its name in the Host header. Requests whose Host is not an allowed
 * name, with any port, are refused before anything else; so are requests with more than one Host. A
 * request without Host (HTTP/1.0) comes from no browser, and is served only on a loopback connection.
 */
public final class HostPolicy {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private final boolean any;
    private final Set<String> allowed;

    /** @param hosts host names and IP addresses without a port, or {@code *}; each checked with {@link #hostName}. */
    public HostPolicy(List<String> hosts) {
        this.any = hosts.contains("*");
        this.allowed = hosts.stream()
                .filter(host -> !host.equals("*"))
                .map(host -> hostName(host)
                        .orElseThrow(() -> new IllegalArgumentException("not a host name or IP address: " + host)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether to serve a request with these Host headers.
     *
     * @param loopback whether the connection came in on a loopback address
     */
    public boolean allows(List<String> hostHeaders, boolean loopback) {
        if (hostHeaders.isEmpty()) {
            return loopback;
        }
        if (hostHeaders.size() > 1) {
            return false;
        }
        return any || hostOfHeader(hostHeaders.get(0)).filter(allowed::contains).isPresent();
    }

    /**
     * A host name or IP address in the one form it is compared in: lower case, a name without its final
     * dot, an IPv6 address without brackets and in full ({@code ::1} is {@code 0:0:0:0:0:0:0:1}). Empty
     * when it is neither a name nor an address.
     */
    public static Optional<String> hostName(String host) {
        if (host.contains(":")) {
            boolean bracketed = host.startsWith("[") && host.endsWith("]");
            String literal = bracketed ? host.substring(1, host.length() - 1) : host;
            if (literal.contains("[") || literal.contains("]")) {
                return Optional.empty();
            }
            try {
                // A string with a colon is only ever parsed as an IPv6 literal, never looked up.
                return Optional.of(
                        InetAddress.getByName(literal).getHostAddress().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** The host of a Host header: {@code name}, {@code name:port}, {@code [v6]} or {@code [v6]:port}. */
    static Optional<String> hostOfHeader(String value) {
        String text = value.trim();
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(0, close + 1);
            port = text.substring(close + 1);
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                return Optional.empty(); // an IPv6 address in a Host header needs its brackets
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? "" : text.substring(colon);
        }
        if (!port.isEmpty() && !PORT.matcher(port).matches()) {
            return Optional.empty();
        }
        return host.isEmpty() ? Optional.empty() : hostName(host);
    }
}
