package io.streamcast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelativeAccuracyTest {
    private static Map<String, MetricRow> series(double model, double naive) {
        return Map.of("streamcast", new MetricRow(model, model, 0, 0, Double.NaN, 10),
                "naive", new MetricRow(naive, naive, 0, 0, Double.NaN, 10));
    }

    @Test
    void oneLargeSeriesDecidesTheRatioOfMeansButNotTheMedianOrTheCount() {
        // The model wins big on one series of large scale and loses on three small ones.
        List<Map<String, MetricRow>> perSeries = List.of(series(100, 1000), series(1.2, 1), series(1.1, 1),
                series(1.3, 1));
        RelativeAccuracy r = RelativeAccuracy.of(perSeries, "streamcast", "naive");
        assertEquals(4, r.series());
        assertEquals(1, r.better());
        assertEquals(0.25, r.shareBetter());
        assertEquals((1.1 + 1.2) / 2, r.medianRatio(), 1e-12);
        assertEquals(103.6 / 1003, r.ratioOfMeans(), 1e-12);
    }

    @Test
    void seriesWithoutBothScoresOrWithAPerfectBaselineAreLeftOut() {
        List<Map<String, MetricRow>> perSeries = List.of(series(1, 2), series(Double.NaN, 1), series(1, 0),
                Map.of("naive", new MetricRow(1, 1, 0, 0, Double.NaN, 3)));
        RelativeAccuracy r = RelativeAccuracy.of(perSeries, "streamcast", "naive");
        assertEquals(1, r.series());
        assertEquals(0.5, r.medianRatio());
        assertEquals(0, RelativeAccuracy.of(List.of(), "streamcast", "naive").series());
        assertEquals(Double.NaN, RelativeAccuracy.of(List.of(), "streamcast", "naive").shareBetter());
    }
}
