package io.streamcast.demo;

import io.streamcast.feeds.LabelledFeed;
import io.streamcast.training.OfflineTrainer;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains the demo's global model on the feed's clean history before the pipeline starts. */
final class DemoTraining {
    private DemoTraining() {
    }

    /** The trained version, with what provenance needs. */
    record Trained(Weights weights, double loss, long windows) {
    }

    static Trained train(PipelineSpec spec, List<LabelledFeed.Event> history, Weights start, PrintStream out) {
        Map<String, List<LabelledFeed.Event>> byKey = new LinkedHashMap<>();
        history.forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
        List<OfflineTrainer.SeriesData> series = new ArrayList<>();
        byKey.forEach((k, l) -> series.add(new OfflineTrainer.SeriesData(k,
                l.stream().mapToLong(LabelledFeed.Event::ts).toArray(),
                l.stream().mapToDouble(LabelledFeed.Event::value).toArray())));
        int epochs = spec.training().epochCount();
        out.printf("training the global %s on %d days of history from %d sensors (%d epochs of tBPTT)...%n",
                spec.modelConfig().shape(), history.size() / Math.max(1, byKey.size()) / 288, byKey.size(), epochs);
        long t0 = System.nanoTime();
        int[] lastEpoch = {0};
        OfflineTrainer.Result r = new OfflineTrainer(spec.modelConfig(), spec.trainerConfig()).train(start, series,
                epochs, spec.model().seed(), (epoch, done, total, loss) -> {
                    if (done == total && epoch != lastEpoch[0]) {
                        lastEpoch[0] = epoch;
                        out.printf("  epoch %d/%d: mean loss %.4f%n", epoch, epochs, loss);
                    }
                });
        out.printf("trained in %.1f s (%d windows, %d rejected updates)%n", (System.nanoTime() - t0) / 1e9,
                r.accepted() + r.rejected(), r.rejected());
        return new Trained(r.weights().withVersion(start.version() + 1),
                r.epochLoss().get(r.epochLoss().size() - 1), r.accepted() + r.rejected());
    }
}
