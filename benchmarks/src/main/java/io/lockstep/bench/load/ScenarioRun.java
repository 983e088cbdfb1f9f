package io.lockstep.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One scenario as the harness ran it: the generator's report and what the node process did meanwhile. */
record ScenarioRun(
        LoadReport report,
        NodeSampler.Summary node,
        Map<String, Double> nodeThreads,
        Optional<String> profile,
        List<String> warnings) {

    /** What the rest of the machine used meanwhile: busy cores less the node and the generator. */
    double otherCores() {
        return Math.max(0, node.machineCores() - node.cores() - report.generatorCores());
    }

    boolean goalMet() {
        return report.throughput() >= Goal.of(report.scenario());
    }

    String summary() {
        StringBuilder out = new StringBuilder(report.summary());
        out.append(String.format(
                Locale.ROOT,
                "  node      %.2f cores; RSS %s at the end, %s at most (peak since start %s); heap used at most %s of"
                        + " %s committed; GC %.1f%% of the time%n",
                node.cores(),
                Units.mib(node.rssEndBytes()),
                Units.mib(node.rssMaxBytes()),
                Units.mib(node.peakRssBytes()),
                node.heapUsedMaxBytes() < 0 ? "?" : Units.mib(node.heapUsedMaxBytes()),
                node.heapCommittedMaxBytes() < 0 ? "?" : Units.mib(node.heapCommittedMaxBytes()),
                node.gcShare() * 100));
        out.append(String.format(
                Locale.ROOT,
                "  machine   %.2f of %d cores busy: node %.2f, generator %.2f, other processes %.2f%n",
                node.machineCores(),
                Runtime.getRuntime().availableProcessors(),
                node.cores(),
                report.generatorCores(),
                otherCores()));
        if (!nodeThreads.isEmpty()) {
            out.append("  threads  ");
            nodeThreads.forEach((group, cores) -> out.append(String.format(Locale.ROOT, " %s %.2f", group, cores)));
            out.append('\n');
        }
        out.append(String.format(
                Locale.ROOT,
                "  goal      %s %s: %s%n",
                Units.perSecond(Goal.of(report.scenario())).replace("/s", ""),
                Goal.unit(report.scenario()),
                goalMet() ? "met" : "not met"));
        warnings.forEach(w -> out.append("  warning   ").append(w).append('\n'));
        profile.ifPresent(
                p -> out.append("\nprofile of the node over the window:\n").append(p));
        return out.toString();
    }

    ObjectNode json() {
        ObjectNode json = report.json();
        ObjectNode n = json.putObject("node");
        n.put("cores", Math.round(node.cores() * 100) / 100.0);
        n.put("rssEndBytes", node.rssEndBytes());
        n.put("rssMaxBytes", node.rssMaxBytes());
        n.put("peakRssBytes", node.peakRssBytes());
        n.put("heapUsedMaxBytes", node.heapUsedMaxBytes());
        n.put("heapCommittedMaxBytes", node.heapCommittedMaxBytes());
        n.put("gcShare", Math.round(node.gcShare() * 1000) / 1000.0);
        json.put("machineBusyCores", Math.round(node.machineCores() * 100) / 100.0);
        json.put("otherProcessesCores", Math.round(otherCores() * 100) / 100.0);
        ObjectNode threads = n.putObject("threadCores");
        nodeThreads.forEach((group, cores) -> threads.put(group, Math.round(cores * 100) / 100.0));
        json.put("goal", Goal.of(report.scenario()));
        json.put("goalMet", goalMet());
        return json;
    }

    /** One row of the harness's Markdown table. */
    String markdownRow() {
        LoadReport r = report;
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %s / %s | %s | %s %s: %s |",
                r.scenario().wireName(),
                r instanceof LoadReport.Write w
                        ? w.senders() + " senders, " + w.concurrency() + " conns"
                        : r instanceof LoadReport.Read rd
                                ? rd.concurrency() + " conns" + (rd.batch() > 1 ? ", batch " + rd.batch() : "")
                                : "",
                r.offeredRate().map(Units::perSecond).orElse("closed loop"),
                Units.perSecond(r.throughput()).replace("/s", "") + " " + Goal.unit(r.scenario()),
                Units.millis(r.latency().p50()),
                Units.millis(r.latency().p99()),
                node.cores(),
                r.generatorCores(),
                otherCores(),
                Units.mib(node.rssEndBytes()),
                Units.mib(node.peakRssBytes()),
                node.heapUsedMaxBytes() < 0 ? "?" : Units.mib(node.heapUsedMaxBytes()),
                Units.perSecond(Goal.of(r.scenario())).replace("/s", ""),
                Goal.unit(r.scenario()),
                goalMet() ? "met" : "**not met**");
    }

    static String markdownHeader() {
        return "| scenario | load | offered | sustained | p50 | p99 | node cores | generator cores | other processes"
                + " (cores) | node RSS end / peak | heap used max | goal |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }
}
