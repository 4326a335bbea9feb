package io.streamcast.backtest;

import io.streamcast.data.BacktestInputs;
import io.streamcast.data.SeriesInput;
import io.streamcast.eval.NabOutputs;
import io.streamcast.eval.BacktestReport;
import io.streamcast.report.ThresholdWriter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-format input, carrying the NAB threshold into a spec, and the horizon forecast's contract. */
class ThresholdAndFormatsTest {
    @TempDir
    Path dir;

    @Test
    void longFormatFileGivesOneSeriesPerKeyInFileOrder() throws Exception {
        Path f = dir.resolve("many.csv");
        Files.writeString(f, "key,ts,value\nb,1000,1.0\na,1000,2.0\nb,2000,1.5\na,2000,2.5\nb,3000,1.7\n");
        List<SeriesInput> in = BacktestInputs.csv(f, 0);
        assertEquals(List.of("b", "a"), in.stream().map(SeriesInput::key).toList());
        assertEquals(3, in.get(0).size());
        assertEquals(2.5, in.get(1).values()[1]);
    }

    @Test
    void writesTheBestThresholdIntoTheSpecKeepingItsComments() throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "name: t\nanomaly:\n  triggerLikelihood: 0.999999   # alerts above this\n  minScore: 2\n");
        BacktestReport r = reportWithThreshold(0.02);
        String said = ThresholdWriter.write(spec, r);
        String text = Files.readString(spec);
        double expected = NabOutputs.likelihoodOf(0.02);
        assertTrue(said.contains("was 0.999999"), said);
        assertTrue(text.contains("  triggerLikelihood: " + expected + "   # alerts above this"), text);
        assertEquals(expected, SpecLoader.load(spec).anomalyConfig().triggerLikelihood());
        assertEquals(1 - 1e-6, expected, 1e-15, "0.02 of 300 decades is six nines");
    }

    @Test
    void aThresholdOutsideTheValidTriggersIsClampedAndNeverAlertingWritesNothing() throws Exception {
        assertEquals(Math.nextDown(1.0), ThresholdWriter.best(reportWithThreshold(0.5)), "past a double's nines");
        assertEquals(0.99, ThresholdWriter.best(withSpec(reportWithThreshold(1e-9), "anomaly: {recoveryLikelihood: 0.99}")),
                "not below the spec's recovery level");
        BacktestReport never = reportWithThreshold(Double.POSITIVE_INFINITY);
        assertTrue(Double.isNaN(ThresholdWriter.best(never)));
        Path spec = dir.resolve("never.yaml");
        Files.writeString(spec, "name: t\nanomaly:\n  triggerLikelihood: 0.999999\n");
        assertTrue(ThresholdWriter.write(spec, never).contains("unchanged"));
        assertTrue(Files.readString(spec).contains("triggerLikelihood: 0.999999"));
        assertTrue(ThresholdWriter.snippet(never).contains("no trigger"), ThresholdWriter.snippet(never));
    }

    private static BacktestReport withSpec(BacktestReport r, String yaml) {
        return new BacktestReport(r.tool(), r.specFile(), SpecLoader.parse("name: t\n" + yaml + "\n", "test"),
                r.seed(), r.mode(), r.horizon(), r.holdout(), r.seasonalPeriod(), r.onlineTraining(),
                r.offlineTraining(), r.events(), r.rejected(), r.alerts(), r.seconds(), r.eventsPerSecond(),
                r.modelVersions(), r.overall(), r.owa(), r.nab(), r.series());
    }

    @Test
    void horizonForecastLeavesTheStateAloneAndWidensItsInterval() {
        PipelineSpec spec = SpecLoader.parse("name: h\nmodel: {hiddenSize: 8, timeFeatures: day}\n", "test");
        Forecaster f = new Forecaster(spec.modelConfig());
        Weights w = Weights.initial(spec.modelConfig().shape(), 1);
        SeriesState s = f.newState();
        for (int i = 0; i < 300; i++) {
            f.step(s, w, i * 3_600_000L, 10 + Math.sin(i / 4.0));
        }
        SeriesState before = s.copy();
        double[] means = new double[24];
        double[] scales = new double[24];
        f.forecastAhead(s, w, 3_600_000L, means, scales);
        assertEquals(before, s);
        assertEquals(s.forecastMean(), means[0]);
        for (int h = 1; h < 24; h++) {
            assertTrue(scales[h] > scales[h - 1], "lag 1: a random walk, scale at " + h);
        }
        PipelineSpec seasonal = SpecLoader.parse("name: h\nmodel: {hiddenSize: 8, timeFeatures: day, residualLag: 24}\n", "test");
        Forecaster fs = new Forecaster(seasonal.modelConfig());
        SeriesState ss = fs.newState();
        for (int i = 0; i < 300; i++) {
            fs.step(ss, w, i * 3_600_000L, 10 + Math.sin(i / 4.0));
        }
        fs.forecastAhead(ss, w, 3_600_000L, means, scales);
        assertEquals(ss.forecastScale(), scales[0]);
        assertEquals(scales[0], scales[23], "within a season every base is observed");
        assertNotEquals(means[0], means[23]);
    }

    private static BacktestReport reportWithThreshold(double t) {
        BacktestReport.NabProfileScore p = new BacktestReport.NabProfileScore(50, t, 0, 0, 0, 1, 0, 0, 1, 1);
        BacktestReport.NabSummary nab = new BacktestReport.NabSummary("labels.json", 1, 1, Map.of("standard", p), "", null);
        return new BacktestReport("t", "spec.yaml", null, 42, "streaming", 0, 0, 0, null, null, 0, 0, 0, 0, 0,
                List.of(), Map.of(), Map.of(), nab, List.of());
    }
}
