package io.streamcast.bench;

import io.streamcast.model.CellType;
import io.streamcast.model.NetworkShape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every Streamcast benchmark with the GC profiler and prints one markdown table (time, bytes allocated
 * per op, GFLOP/s of the forward steps, ops/s) and the ratios that matter. Run from the repository root:
 * {@code java -cp target/benchmarks.jar io.streamcast.bench.BenchReport [quick] [regex...]}; "quick" (or
 * -Dquick=true) is a smoke run of short iterations, a regex narrows the benchmarks as JMH's include does.
 * Otherwise forks, warm-up and measurement are each class's own annotations, as with the plain JMH runner.
 */
public final class BenchReport {
    private BenchReport() {
    }

    /** One measured row, time in ns per op. */
    record Row(String name, Map<String, String> params, double ns, String unit, double score, double error,
               double bytesPerOp) {
        String param(String key) {
            return params.getOrDefault(key, "");
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("quick");
        List<String> includes = new ArrayList<>();
        for (String a : args) {
            if (a.equals("quick")) {
                quick = true;
            } else {
                includes.add(a);
            }
        }
        if (includes.isEmpty()) {
            includes.add("io\\.streamcast\\..*(CellStepBenchmark|CommonsMathGruStep|TbpttBenchmark"
                    + "|ProcessorPathBenchmark|TopologyDriverBenchmark|RecordJsonBenchmark)\\..*");
        }
        // Forks, warm-up and measurement come from each class's annotations unless quick.
        ChainedOptionsBuilder opt = new OptionsBuilder().addProfiler(GCProfiler.class).shouldFailOnError(true);
        includes.forEach(opt::include);
        if (quick) {
            opt.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(300));
        }
        Collection<RunResult> results = new Runner(opt.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(row(r));
        }
        System.out.println();
        if (quick) {
            System.out.println("**Quick mode: a smoke run, too short for the figures to mean anything.**\n");
        }
        System.out.println(table(rows));
        System.out.println(ratios(rows));
    }

    @SuppressWarnings("rawtypes") // JMH's secondary results are a Map<String, Result> of the raw type
    private static Row row(RunResult r) {
        Result<?> p = r.getPrimaryResult();
        String label = r.getParams().getBenchmark();
        String[] parts = label.split("\\.");
        String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
        Map<String, String> params = new TreeMap<>();
        for (String k : r.getParams().getParamsKeys()) {
            params.put(k, r.getParams().getParam(k));
        }
        double toNs = switch (p.getScoreUnit()) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            default -> throw new IllegalStateException("unexpected unit " + p.getScoreUnit());
        };
        double bytes = Double.NaN;
        for (var e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                bytes = e.getValue().getScore();
            }
        }
        return new Row(name, params, p.getScore() * toNs, p.getScoreUnit(), p.getScore(), p.getScoreError(), bytes);
    }

    /** Multiply-adds of one step, for the rows that time one forward step; 0 for the others. */
    private static long multiplyAdds(Row r) {
        if (r.name().equals("CellStepBenchmark.step")) {
            return shape(CellType.valueOf(r.param("cell")), r.param("hidden")).multiplyAddsPerStep();
        }
        if (r.name().equals("CommonsMathGruStep.step")) {
            return shape(CellType.GRU, r.param("hidden")).multiplyAddsPerStep();
        }
        return 0;
    }

    private static NetworkShape shape(CellType cell, String hidden) {
        return new NetworkShape(cell, CellStepBenchmark.INPUTS, Integer.parseInt(hidden), 1);
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | params | time/op | ± (99.9%) | B/op | GFLOP/s | ops/s |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            long madds = multiplyAdds(r);
            String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + ", " + b).orElse("");
            String unit = r.unit().replace("/op", "").replace("us", "µs");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s | %s |%n", r.name(), params,
                    num(r.score()), unit, num(r.error()), num(r.bytesPerOp()),
                    madds == 0 ? "" : String.format(Locale.ROOT, "%.2f", 2.0 * madds / r.ns()),
                    String.format(Locale.ROOT, "%,.0f", 1e9 / r.ns())));
        }
        return sb.toString();
    }

    static String ratios(List<Row> rows) {
        StringBuilder sb = new StringBuilder("Ratios (same run):\n\n");
        for (String h : List.of("16", "32", "64")) {
            ratio(sb, "Commons Math GRU-" + h + " / our GRU-" + h + " (speed-up)",
                    find(rows, "CommonsMathGruStep.step", "hidden", h), find(rows, "CellStepBenchmark.step", "cell",
                            "GRU", "hidden", h));
        }
        Row gru32 = find(rows, "CellStepBenchmark.step", "cell", "GRU", "hidden", "32");
        ratio(sb, "processor path per event / bare GRU-32 step", find(rows, "ProcessorPathBenchmark.event"), gru32);
        ratio(sb, "state codec (decode+encode) / bare GRU-32 step", find(rows, "ProcessorPathBenchmark.codec"), gru32);
        ratio(sb, "forecast record JSON: Jackson streaming / RecordJson (speed-up)",
                find(rows, "RecordJsonBenchmark.jacksonStreaming"), find(rows, "RecordJsonBenchmark.recordJson"));
        ratio(sb, "TTD forecast topology / TTD baseline topology (per event)",
                find(rows, "TopologyDriverBenchmark.event", "topology", "forecast"),
                find(rows, "TopologyDriverBenchmark.event", "topology", "baseline"));
        Row loss = find(rows, "TbpttBenchmark.loss");
        ratio(sb, "tBPTT loss+gradient / loss", find(rows, "TbpttBenchmark.lossAndGradient"), loss);
        ratio(sb, "tBPTT update / loss", find(rows, "TbpttBenchmark.update"), loss);
        if (loss != null && gru32 != null) {
            ratio(sb, "tBPTT forward per step (loss/" + TbpttBenchmark.K2 + ") / bare GRU-32 step",
                    new Row("", Map.of(), loss.ns() / TbpttBenchmark.K2, "", 0, 0, 0), gru32);
        }
        return sb.toString();
    }

    private static void ratio(StringBuilder sb, String what, Row a, Row b) {
        if (a != null && b != null) {
            sb.append(String.format(Locale.ROOT, "- %s: **%.2f×**%n", what, a.ns() / b.ns()));
        }
    }

    private static Row find(List<Row> rows, String name, String... kv) {
        outer:
        for (Row r : rows) {
            if (!r.name().equals(name)) {
                continue;
            }
            for (int i = 0; i < kv.length; i += 2) {
                if (!r.param(kv[i]).equals(kv[i + 1])) {
                    continue outer;
                }
            }
            return r;
        }
        return null;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
