package io.streamcast.cli;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.models.ModelTopic;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists the model versions on a pipeline's model topic with their provenance. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model versions on a pipeline's compacted model topic, with provenance.")
final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--spec", defaultValue = "topologies/sensors.yaml", description = "Pipeline spec (default: ${DEFAULT-VALUE}).")
    Path specFile;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        PipelineSpec spec = SpecLoader.load(specFile);
        String bootstrap = kafka.bootstrapOrDefault();
        List<ModelTopic.Entry> entries = ModelTopic.list(bootstrap, kafka.clientProps(), spec);
        if (entries.isEmpty()) {
            System.out.println("no model versions on " + spec.topics().models() + " yet; publish one with "
                    + "`./streamcast train --spec " + specFile + " --input ... --out ... --publish`");
            return 0;
        }
        System.out.printf("%-14s %7s %6s %-9s %-20s %9s %12s %12s  %s%n", "model", "version", "parent", "source",
                "published", "windows", "train loss", "canary loss", "data");
        for (ModelTopic.Entry e : entries) {
            if (e.provenance() == null) {
                System.out.printf("%-14s (unreadable at offset %d: %s)%n", e.modelKey(), e.offset(), e.error());
                continue;
            }
            var p = e.provenance();
            System.out.printf("%-14s %7d %6d %-9s %-20s %9d %12.4f %12s  %s .. %s%n", e.modelKey(), p.version(),
                    p.parent(), p.source(), Instant.ofEpochMilli(p.createdAt()).toString().substring(0, 19),
                    p.windows(), p.trainingLoss(), p.canaryLoss() == null ? "-" : String.format("%.4f", p.canaryLoss()),
                    Instant.ofEpochMilli(p.dataFrom()), Instant.ofEpochMilli(p.dataTo()));
        }
        return 0;
    }
}
