package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each origin is the same backtest on the series as they stood holdout rows earlier, scored on its own window. */
class RollingOriginTest {
    @Test
    void everyOriginHoldsOutItsOwnWindowFurtherBack(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                name: origins
                model: {cell: gru, hiddenSize: 8, timeFeatures: none, window: 64}
                backtest: {seasonalPeriod: 24}
                """);
        List<String> lines = new ArrayList<>(List.of("key,ts,value"));
        for (int k = 0; k < 2; k++) {
            for (int t = 0; t < 400; t++) {
                lines.add("s" + k + "," + (1_700_000_000_000L + t * 3_600_000L) + ","
                        + (10 + k + 3 * Math.sin(2 * Math.PI * t / 24) + 0.01 * t));
            }
        }
        Path csv = Files.write(dir.resolve("hourly.csv"), lines);
        BacktestJob.Options o = new BacktestJob.Options(spec, csv, "csv", 24, 24, 0, false, null, dir.resolve("out"));
        BacktestReport first = BacktestJob.run(o, Backtest.Progress.NONE);
        List<RollingOrigin.Origin> origins = RollingOrigin.run(o, first, 3, Backtest.Progress.NONE);

        assertEquals(List.of(0, 24, 48), origins.stream().map(RollingOrigin.Origin::rowsBack).toList());
        assertEquals(376, first.series().get(0).rows(), "the rows before the held-out ones");
        for (int k = 1; k < 3; k++) {
            assertTrue(Files.isRegularFile(dir.resolve("out/origin-" + k + "/report.json")), "origin " + k);
            String json = Files.readString(dir.resolve("out/origin-" + k + "/report.json"));
            assertTrue(json.contains("\"rows\" : " + (376 - 24 * k)), "origin " + k + " ends " + 24 * k + " rows earlier");
        }
        List<String> table = Files.readAllLines(dir.resolve("out/origins.csv"));
        assertEquals(5, table.size(), "header, three origins, their mean");
        assertTrue(table.get(4).startsWith("mean,"), table.get(4));
        RollingOrigin.Origin mean = RollingOrigin.mean(origins);
        assertEquals(origins.stream().mapToDouble(RollingOrigin.Origin::mase).average().orElseThrow(), mean.mase(), 1e-12);
        assertEquals(6, mean.series());

        assertThrows(IllegalArgumentException.class, () -> RollingOrigin.run(new BacktestJob.Options(spec, csv, "csv",
                24, 0, 0, false, null, dir.resolve("x")), first, 2, Backtest.Progress.NONE));
    }
}
