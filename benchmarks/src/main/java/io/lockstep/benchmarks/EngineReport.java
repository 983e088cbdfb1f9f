package io.lockstep.benchmarks;

import io.lockstep.benchmarks.EngineBenchmark.Column;
import io.lockstep.benchmarks.EngineBenchmark.Row;
import java.util.List;

/** The engine benchmark's Markdown tables. */
final class EngineReport {

    private EngineReport() {}

    /** The median of a column, NaN when the column was not run (ratios with it print as NaN). */
    private static double median(Row row, Column column) {
        Samples s = row.times().get(column);
        return s == null ? Double.NaN : s.median();
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Median time of one `run` call (± half the interquartile range, n samples):\n\n");
        md.append("| program | fuel per run |");
        for (Column c : Column.values()) {
            md.append(' ').append(c.title).append(" |");
        }
        md.append(
                " instrumented / plain (compiled) | instrumented compiled / V8 | interpreter / instrumented compiled |"
                        + " ns per fuel (instrumented compiled) |\n");
        md.append("|---|---:|");
        md.append("---:|".repeat(Column.values().length + 4)).append('\n');
        int n = rows.size();
        double[] overhead = new double[n];
        double[] versusV8 = new double[n];
        double[] plainVersusV8 = new double[n];
        double[] interpreter = new double[n];
        double[] interpreterInstrumented = new double[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            double instrumented = row.times().get(Column.INSTRUMENTED_COMPILED).median();
            overhead[i] = instrumented / median(row, Column.PLAIN_COMPILED);
            versusV8[i] = instrumented / median(row, Column.V8);
            plainVersusV8[i] = median(row, Column.PLAIN_COMPILED) / median(row, Column.V8);
            interpreter[i] = median(row, Column.PLAIN_INTERPRETER) / instrumented;
            interpreterInstrumented[i] = median(row, Column.INSTRUMENTED_INTERPRETER) / instrumented;
            md.append("| ")
                    .append(row.program().file)
                    .append(" | ")
                    .append(row.fuelPerRun())
                    .append(" |");
            for (Column c : Column.values()) {
                Samples s = row.times().get(c);
                md.append(' ').append(s == null ? "not run" : s.describe()).append(" |");
            }
            md.append(' ').append(Units.ratio(overhead[i])).append(" | ");
            md.append(Units.ratio(versusV8[i])).append(" | ");
            md.append(Units.ratio(interpreter[i]))
                    .append(" (instrumented: ")
                    .append(Units.ratio(interpreterInstrumented[i]))
                    .append(") | ");
            md.append(Units.number(instrumented / row.fuelPerRun(), 3)).append(" |\n");
        }
        md.append('\n');
        md.append("Geometric means over the ").append(n).append(" programs:\n\n");
        md.append("- instrumented / plain, both on Chicory's compiler: **")
                .append(Units.ratio(Units.geomean(overhead)))
                .append("** (goal ≤ 1.30x)\n");
        md.append("- instrumented compiled / V8: **")
                .append(Units.ratio(Units.geomean(versusV8)))
                .append("** (goal ≤ 3x)\n");
        md.append("- plain compiled / V8 (what Chicory's compiler itself leaves): **")
                .append(Units.ratio(Units.geomean(plainVersusV8)))
                .append("**\n");
        md.append("- plain interpreter / instrumented compiled: **")
                .append(Units.ratio(Units.geomean(interpreter)))
                .append("**; instrumented interpreter / instrumented compiled: **")
                .append(Units.ratio(Units.geomean(interpreterInstrumented)))
                .append("**\n\n");
        md.append(
                "Instantiation (median of fresh instances; the compiled machine factory is built once and reused):\n\n");
        md.append("| program | instrumented, compiled (contract path) | plain, compiled |\n|---|---:|---:|\n");
        for (Row row : rows) {
            md.append("| ")
                    .append(row.program().file)
                    .append(" | ")
                    .append(row.instantiateInstrumented().describe())
                    .append(" | ")
                    .append(row.instantiatePlain().describe())
                    .append(" |\n");
        }
        return md.toString();
    }
}
