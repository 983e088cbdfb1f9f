package io.lockstep.node.metrics;

import java.util.List;

/** The Prometheus text exposition format, version 0.0.4. */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final double EXACT_LONG_LIMIT = 0x1p53;

    private PrometheusText() {}

    public static String format(List<Metric> metrics) {
        StringBuilder out = new StringBuilder(256 * Math.max(1, metrics.size()));
        for (Metric metric : metrics) {
            out.append("# HELP ")
                    .append(metric.name())
                    .append(' ')
                    .append(escapeHelp(metric.help()))
                    .append('\n');
            out.append("# TYPE ")
                    .append(metric.name())
                    .append(' ')
                    .append(metric.type())
                    .append('\n');
            for (Metric.Sample sample : metric.samples()) {
                out.append(sample.name());
                appendLabels(out, sample.labelNames(), sample.labelValues());
                out.append(' ').append(formatValue(sample.value())).append('\n');
            }
        }
        return out.toString();
    }

    /** Integral values print without a fraction; the parser accepts Go float syntax, which Java's is. */
    public static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_LONG_LIMIT) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void appendLabels(StringBuilder out, List<String> names, List<String> values) {
        if (names.isEmpty()) {
            return;
        }
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(names.get(i)).append("=\"");
            escapeLabelValue(out, values.get(i));
            out.append('"');
        }
        out.append('}');
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static void escapeLabelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
