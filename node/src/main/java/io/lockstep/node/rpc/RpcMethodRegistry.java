package io.lockstep.node.rpc;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The methods a node serves, by wire name. Registering a name twice is a wiring bug and is refused. */
public final class RpcMethodRegistry {

    /** {@code namespace_method}: also what keeps metric labels and log fields tame. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*_[A-Za-z0-9]+");

    private final Map<String, RpcMethod> methods = new ConcurrentHashMap<>();

    public RpcMethodRegistry register(RpcMethod method) {
        String name = method.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("method name '" + name + "' is not namespace_method");
        }
        RpcMethod previous = methods.putIfAbsent(name, method);
        if (previous != null) {
            throw new IllegalArgumentException("method " + name + " is already registered by "
                    + previous.getClass().getName());
        }
        return this;
    }

    public Optional<RpcMethod> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(methods.get(name));
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(methods.keySet());
    }
}
