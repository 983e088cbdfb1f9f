package io.lockstep.node.rpc.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call the node. A browser always sends Origin on cross-site requests and
 * WebSocket handshakes, so refusing unlisted origins keeps web pages from driving a local node; clients
 * that send no Origin are not browsers and are let through.
 */
final class OriginPolicy {

    private final boolean any;
    private final Set<String> allowed;

    OriginPolicy(List<String> origins) {
        this.any = origins.contains("*");
        this.allowed = origins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    boolean allows(Optional<String> origin) {
        return origin.isEmpty() || any || allowed.contains(normalize(origin.get()));
    }

    /** Adds the CORS headers a browser needs to read the response. */
    void decorate(HttpResponse response, Optional<String> origin) {
        if (origin.isPresent() && allows(origin)) {
            response.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin.get())
                    .set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    /** Adds the answers to a preflight request. */
    void decoratePreflight(HttpResponse response) {
        response.headers()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, GET, OPTIONS")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "content-type")
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }

    /** Scheme and host are case-insensitive in an origin. */
    private static String normalize(String origin) {
        return origin.toLowerCase(Locale.ROOT);
    }
}
