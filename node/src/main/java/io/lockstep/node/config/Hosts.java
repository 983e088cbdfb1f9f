package io.lockstep.node.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host names and addresses a server binds to, checked for syntax without any DNS lookup. */
final class Hosts {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");
    private static final Pattern ALLOWED_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

    private Hosts() {}

    static String check(String field, String host) {
        Require.present(field, host);
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(
                    field,
                    "not a host name or IP address: '" + host + "' (IPv6 addresses are written without brackets)");
        }
        return host;
    }

    /**
     * An entry of a Host allow-list: {@code *}, a host name, or an IP address (IPv6 with or without
     * brackets), without a port. An IPv6 literal is parsed, never looked up.
     */
    static String checkAllowed(String field, String host) {
        Require.present(field, host);
        if (host.equals("*")) {
            return host;
        }
        if (host.contains(":")) {
            boolean bracketed = host.startsWith("[") && host.endsWith("]");
            String literal = bracketed ? host.substring(1, host.length() - 1) : host;
            if (!literal.contains("[") && !literal.contains("]") && !literal.contains("%") && isIpv6(literal)) {
                return host;
            }
            throw new ConfigException(
                    field,
                    "not a host name or IP address: '" + host + "' (write a host without its port; '*' allows any)");
        }
        if (!ALLOWED_NAME.matcher(host).matches()) {
            throw new ConfigException(
                    field, "not a host name or IP address: '" + host + "' (letters, digits, '.', '-' and '_')");
        }
        return host;
    }

    private static boolean isIpv6(String literal) {
        try {
            return InetAddress.getByName(literal) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Whether {@code host} is only reachable from this machine: {@code localhost}, 127.0.0.0/8 or ::1. A
     * name other than localhost counts as reachable from outside, since telling would take a DNS lookup.
     */
    static boolean isLoopback(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        var ipv4 = IPV4.matcher(host);
        if (ipv4.matches()) {
            return ipv4.group(1).equals("127");
        }
        if (host.contains(":")) {
            try {
                // A literal IPv6 address: parsed, never looked up.
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
