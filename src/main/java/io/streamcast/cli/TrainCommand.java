package io.streamcast.cli;

import io.streamcast.data.SeriesCsv;
import io.streamcast.training.OfflineTrainer;
import io.streamcast.model.Weights;
import io.streamcast.model.WeightsCodec;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.engine.ModelLoader;
import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.streams.models.ModelTopic;
import io.streamcast.topics.PipelineTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import io.streamcast.data.BacktestInputs;
import io.streamcast.data.SeriesInput;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.DirectHeadFitting;
import io.streamcast.model.DirectHead;
import io.streamcast.model.DirectHeadCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Offline tBPTT over history in CSV files: the weights a pipeline starts from. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a spec's model offline on CSV history (key,ts,value or timestamp,value files) and "
                + "write a weights file for the spec's model.weights.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "Pipeline spec, e.g. topologies/sensors.yaml.")
    Path specFile;

    @Option(names = "--input", required = true, description = "CSV file or folder of CSV files.")
    Path input;

    @Option(names = "--out", required = true, description = "Weights file to write.")
    Path out;

    @Option(names = "--epochs", description = "Epochs (default: the spec's training.epochs).")
    Integer epochs;

    @Option(names = "--publish", description = "Also publish the trained version to the pipeline's model topic, "
            + "where running forecast applications pick it up without a restart.")
    boolean publish;

    @Option(names = "--direct-out", description = "With forecast.direct in the spec: also fit the direct "
            + "multi-horizon head on the input and write it here, for the spec's forecast.direct.file.")
    Path directOut;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        PipelineSpec spec = SpecLoader.load(specFile);
        OutputPaths.file(out, "--out");
        if (directOut != null) {
            if (!spec.modelConfig().combination().direct().enabled()) {
                throw new IllegalArgumentException("--direct-out: the spec has no forecast.direct (lookback > 0) "
                        + "to fit a head for");
            }
            OutputPaths.file(directOut, "--direct-out");
        }
        List<OfflineTrainer.SeriesData> series = new ArrayList<>();
        for (Path f : SeriesCsv.files(input)) {
            series.addAll(SeriesCsv.series(SeriesCsv.read(f)));
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException(input + ": no series found (expected CSV files with a header)");
        }
        int ep = epochs != null ? epochs : spec.training().epochCount();
        if (ep < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + ep);
        }
        Weights start = ModelLoader.initial(spec, specFile.getParent());
        System.err.printf("training %s on %d series (%d points) for %d epochs%n", spec.modelConfig().shape(),
                series.size(), series.stream().mapToInt(s -> s.values().length).sum(), ep);
        OfflineTrainer.Result r;
        try (ProgressBar bar = Progress.bar("train", 1, "windows")) {
            r = new OfflineTrainer(spec.modelConfig(), spec.trainerConfig()).train(start, series, ep,
                    spec.model().seed(), (epoch, done, total, loss) -> {
                        bar.maxHint((long) total * ep);
                        bar.stepTo((long) (epoch - 1) * total + done);
                        bar.setExtraMessage(String.format("epoch %d/%d loss %.4f", epoch, ep, loss));
                    });
        }
        Weights trained = r.weights().withVersion(start.version() + 1);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.write(out, WeightsCodec.encode(trained));
        System.out.printf("epoch losses (mean Gaussian NLL per step): %s%n", fmt(r.epochLoss()));
        System.out.printf("updates: %d accepted, %d rejected; wrote %s (model version %d)%n", r.accepted(),
                r.rejected(), out, trained.version());
        fitDirectHead(spec);
        if (publish) {
            String bootstrap = kafka.bootstrapOrDefault();
            long from = series.stream().mapToLong(s -> s.ts()[0]).min().orElse(0);
            long to = series.stream().mapToLong(s -> s.ts()[s.ts().length - 1]).max().orElse(0);
            ModelProvenance p = new ModelProvenance(trained.version(), start.version(), spec.name(), ModelRecords.GLOBAL,
                    "offline", spec.model().seed(), from, to, r.accepted() + r.rejected(),
                    r.epochLoss().get(r.epochLoss().size() - 1), null, null, System.currentTimeMillis());
            PipelineTopics.create(bootstrap, kafka.clientProps(), spec);
            ModelTopic.publish(bootstrap, kafka.clientProps(), spec, ModelRecords.GLOBAL, p, trained);
            System.out.printf("published version %d to %s on %s%n", trained.version(), spec.topics().models(), bootstrap);
        } else {
            System.out.printf("use it: set model.weights: %s in %s, or rerun with --publish%n", out.toAbsolutePath(),
                    specFile);
        }
        return 0;
    }

    private void fitDirectHead(PipelineSpec spec) throws java.io.IOException {
        boolean wanted = spec.modelConfig().combination().direct().enabled();
        if (!wanted || directOut == null) {
            if (wanted) {
                System.out.println("the spec has forecast.direct: add --direct-out <file> to fit its head too");
            }
            return;
        }
        List<SeriesInput> inputs = BacktestInputs.csv(input, 0);
        DirectHead head = DirectHeadFitting.fit(spec, inputs, Backtest.Progress.NONE);
        if (directOut.toAbsolutePath().getParent() != null) {
            Files.createDirectories(directOut.toAbsolutePath().getParent());
        }
        Files.write(directOut, DirectHeadCodec.encode(head));
        System.out.printf("fitted the direct head (lookback %d, horizon %d) on %d series; wrote %s: set "
                + "forecast.direct.file to it%n", head.config().lookback(), head.horizon(), inputs.size(), directOut);
    }

    private static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format("%.4f", x)).toList().toString();
    }
}
