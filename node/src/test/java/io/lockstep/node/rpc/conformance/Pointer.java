package io.lockstep.node.rpc.conformance;

/** JSON pointers (RFC 6901) as plain strings, the form every violation reports its paths in. */
final class Pointer {

    private Pointer() {}

    static String append(String base, String segment) {
        return base + "/" + segment.replace("~", "~0").replace("/", "~1");
    }

    static String append(String base, int index) {
        return base + "/" + index;
    }
}
