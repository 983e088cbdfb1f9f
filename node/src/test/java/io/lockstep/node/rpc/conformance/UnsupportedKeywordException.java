package io.lockstep.node.rpc.conformance;

/**
 * A schema uses a keyword the validator does not implement. Thrown rather than ignored, so that a new keyword in
 * the specification cannot pass unchecked.
 */
final class UnsupportedKeywordException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String keyword;

    UnsupportedKeywordException(String keyword, String location) {
        super("schema keyword \"" + keyword + "\" at " + location + " is not implemented by the conformance "
                + "validator (it implements " + SchemaKeywords.SUPPORTED + ")");
        this.keyword = keyword;
    }

    String keyword() {
        return keyword;
    }
}
