package io.streamcast.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.engine.ModelLoader;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.SeriesRun;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A backtest without online training runs its series on several threads and gives the one-thread run's bits. */
class ParallelReplayTest {
    @Test
    void seriesOnThreeThreadsGiveTheBitsOfOneThreadInInputOrder() {
        PipelineSpec spec = SpecLoader.load(ReplayFixture.SENSORS);
        Weights initial = ModelLoader.initial(spec, ReplayFixture.SENSORS.getParent());
        // Rows that the replay rejects included (bad values, out of order), and a horizon past each series.
        List<ReplayFixture.Row> rows = ReplayFixture.rows(7, 300, 11);
        List<SeriesRun> one = Backtest.run(spec, initial, ReplayFixture.inputs(rows), 12, 0, null,
                Backtest.Progress.NONE, 1).runs();
        List<SeriesRun> three = Backtest.run(spec, initial, ReplayFixture.inputs(rows), 12, 0, null,
                Backtest.Progress.NONE, 3).runs();
        ReplayFixture.assertNotVacuous(one);
        assertEquals(one.size(), three.size());
        for (int i = 0; i < one.size(); i++) {
            SeriesRun a = one.get(i);
            SeriesRun b = three.get(i);
            String key = a.input.key();
            assertEquals(key, b.input.key(), "input order kept");
            assertArrayEquals(a.forecast, b.forecast, key);
            assertArrayEquals(a.lower, b.lower, key);
            assertArrayEquals(a.upper, b.upper, key);
            assertArrayEquals(a.score, b.score, key);
            assertArrayEquals(a.likelihood, b.likelihood, key);
            assertArrayEquals(a.next, b.next, key);
            assertArrayEquals(a.alert, b.alert, key);
            assertArrayEquals(a.rejected, b.rejected, key);
            assertArrayEquals(a.horizonMean, b.horizonMean, key);
            assertArrayEquals(a.horizonUpper, b.horizonUpper, key);
        }
    }
}
