package io.lockstep.benchmarks;

import io.lockstep.benchmarks.NnFuelCalibration.Outcome;
import io.lockstep.benchmarks.NnFuelCalibration.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The inference fuel calibration's Markdown table, spread and the table it suggests. */
final class NnFuelReport {

    private NnFuelReport() {}

    static String markdown(Outcome outcome) {
        double reference = outcome.reference();
        StringBuilder md = new StringBuilder();
        md.append("Inference cost table (milli-fuel per unit): ")
                .append(outcome.table())
                .append("\n\n");
        md.append("| probe | price | milli-fuel | fuel (small / large) | time (small / large) | ns per fuel |"
                + " ns per fuel / reference | ns per unit | milli-fuel for the reference rate |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        double min = Double.MAX_VALUE;
        double max = 0;
        String minName = "";
        String maxName = "";
        Map<String, Double> slowest = new LinkedHashMap<>();
        for (Result r : outcome.results()) {
            double nsPerUnit = r.nsPerUnit(reference);
            double suggested = r.milliFuelForReference(reference);
            md.append("| ")
                    .append(r.probe().name())
                    .append(" | ")
                    .append(r.probe().price())
                    .append(" | ")
                    .append(r.price())
                    .append(" | ")
                    .append(r.fuelLow())
                    .append(" / ")
                    .append(r.fuelHigh())
                    .append(" | ")
                    .append(Units.time(r.low().median()))
                    .append(" / ")
                    .append(r.high().describe())
                    .append(" | ")
                    .append(Units.number(r.nsPerFuel(), 4))
                    .append(" | ")
                    .append(Units.ratio(r.nsPerFuel() / reference))
                    .append(" | ")
                    .append(Units.number(nsPerUnit, nsPerUnit < 10 ? 4 : 1))
                    .append(" | ")
                    .append(Units.number(suggested, 0))
                    .append(" |\n");
            if (r.nsPerFuel() < min) {
                min = r.nsPerFuel();
                minName = r.probe().name();
            }
            if (r.nsPerFuel() > max) {
                max = r.nsPerFuel();
                maxName = r.probe().name();
            }
            slowest.merge(r.probe().price(), suggested, Math::max);
        }
        md.append('\n');
        md.append("Reference rate (integer arithmetic in a contract, before / after the probes): ")
                .append(Units.number(outcome.referenceBefore().nsPerFuel(), 4))
                .append(" / ")
                .append(Units.number(outcome.referenceAfter().nsPerFuel(), 4))
                .append(", mean **")
                .append(Units.number(reference, 4))
                .append("** ns per fuel.\n");
        md.append("Spread over the inference probes: max / min ns per fuel = ")
                .append(Units.number(max, 4))
                .append(" (")
                .append(maxName)
                .append(") / ")
                .append(Units.number(min, 4))
                .append(" (")
                .append(minName)
                .append(") = **")
                .append(Units.ratio(max / min))
                .append("**; with the reference rate: **")
                .append(Units.ratio(Math.max(max, reference) / Math.min(min, reference)))
                .append("** (goal ≤ 2x).\n");
        StringJoiner candidate = new StringJoiner(",");
        slowest.forEach((price, milli) -> candidate.add(price + "=" + roundPrice(milli)));
        md.append("Slowest probe of each price at the reference rate, as a candidate table: `-Dlockstep.bench.nncosts=")
                .append(candidate)
                .append("`\n");
        return md.toString();
    }

    /** Two significant digits, at least 1 milli-fuel: a price, not a measurement. */
    static long roundPrice(double milli) {
        if (!(milli >= 1)) {
            return 1;
        }
        double scale = Math.pow(10, Math.floor(Math.log10(milli)) - 1);
        return (long) (Math.ceil(milli / scale) * scale);
    }
}
