package io.lockstep.benchmarks;

import io.lockstep.benchmarks.FuelCalibration.Result;
import io.lockstep.vm.CostTable;
import java.util.List;

/** The fuel calibration's Markdown table and verdict. */
final class FuelReport {

    private FuelReport() {}

    static String markdown(List<Result> results, CostTable costs) {
        double reference = results.stream()
                .filter(r -> r.probe().costClass().equals("simple"))
                .findFirst()
                .orElseThrow()
                .nsPerFuel();
        StringBuilder md = new StringBuilder();
        md.append("Cost table version ")
                .append(costs.version())
                .append(": ")
                .append(costs)
                .append("\n\n");
        md.append("| probe | cost class | cost | fuel (small / large variant) | time (small / large) |"
                + " ns per fuel | ns per unit of the class | cost for the reference rate |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        double min = Double.MAX_VALUE;
        double max = 0;
        String minName = "";
        String maxName = "";
        for (Result r : results) {
            double nsPerUnit = r.nsPerUnit(reference);
            md.append("| ")
                    .append(r.probe().name())
                    .append(" | ")
                    .append(r.probe().costClass())
                    .append(" | ")
                    .append(r.currentCost())
                    .append(" | ")
                    .append(r.fuelLow())
                    .append(" / ")
                    .append(r.fuelHigh())
                    .append(" | ")
                    .append(Units.time(r.low().median()))
                    .append(" / ")
                    .append(r.high().describe())
                    .append(" | ")
                    .append(Units.number(r.nsPerFuel(), 3))
                    .append(" | ")
                    .append(Units.number(nsPerUnit, 2))
                    .append(" | ")
                    .append(Units.number(nsPerUnit / reference, 1))
                    .append(" |\n");
            if (r.nsPerFuel() < min) {
                min = r.nsPerFuel();
                minName = r.probe().costClass();
            }
            if (r.nsPerFuel() > max) {
                max = r.nsPerFuel();
                maxName = r.probe().costClass();
            }
        }
        md.append('\n');
        md.append("Reference rate (integer arithmetic): ")
                .append(Units.number(reference, 3))
                .append(" ns per fuel.\n");
        md.append("Spread over all classes: max / min ns per fuel = ")
                .append(Units.number(max, 3))
                .append(" (")
                .append(maxName)
                .append(") / ")
                .append(Units.number(min, 3))
                .append(" (")
                .append(minName)
                .append(") = **")
                .append(Units.ratio(max / min))
                .append("** (goal ≤ 2x)\n");
        return md.toString();
    }
}
