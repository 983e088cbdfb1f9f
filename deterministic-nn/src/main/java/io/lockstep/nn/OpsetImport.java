package io.lockstep.nn;

/** An operator set the model imports; the default ONNX domain is {@code ""} (or {@code "ai.onnx"}). */
public record OpsetImport(String domain, long version) {
    /** Whether this is the default ONNX operator set. */
    public boolean isDefaultDomain() {
        return isDefaultDomain(domain);
    }

    public static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
