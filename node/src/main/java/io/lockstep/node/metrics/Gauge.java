package io.lockstep.node.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A value that goes up and down: either set by the code that owns it, or read from a supplier at scrape. */
public final class Gauge implements Metric {

    private final String name;
    private final String help;
    private final AtomicLong value = new AtomicLong();
    private final LongSupplier supplier;

    Gauge(String name, String help, LongSupplier supplier) {
        MetricNames.check(name, help, List.of());
        this.name = name;
        this.help = help;
        this.supplier = supplier;
    }

    public void set(long newValue) {
        requireSettable();
        value.set(newValue);
    }

    public void inc() {
        requireSettable();
        value.incrementAndGet();
    }

    public void dec() {
        requireSettable();
        value.decrementAndGet();
    }

    public long value() {
        return supplier != null ? supplier.getAsLong() : value.get();
    }

    private void requireSettable() {
        if (supplier != null) {
            throw new IllegalStateException("gauge " + name + " reads its value from a supplier");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }

    @Override
    public String type() {
        return "gauge";
    }

    @Override
    public List<Sample> samples() {
        return List.of(new Sample(name, List.of(), List.of(), value()));
    }
}
