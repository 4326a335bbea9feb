package io.streamcast.streams.training;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The training topology's meters. */
public final class TrainingMetrics {
    private final Counter windows;
    private final Counter canaries;
    private final Counter trained;
    private final Counter skipped;
    private final Counter rejectedWindow;
    private final Counter rejectedGuard;
    private final Counter rejectedCanary;
    private final Counter published;
    private final Counter refused;
    private final AtomicLong version = new AtomicLong();
    private final AtomicReference<Double> lastLoss = new AtomicReference<>(Double.NaN);

    public TrainingMetrics(MeterRegistry r, String pipeline) {
        windows = counter(r, pipeline, "streamcast.training.windows", "Windows whose gradients were sent");
        trained = counter(r, pipeline, "streamcast.training.windows.trained", "Windows the aggregation learnt from");
        canaries = counter(r, pipeline, "streamcast.training.canary.windows", "Windows held back for canary scoring");
        skipped = counter(r, pipeline, "streamcast.training.skipped.incident", "Windows skipped: they saw an alert");
        rejectedWindow = rejected(r, pipeline, "window");
        rejectedGuard = rejected(r, pipeline, "guard");
        rejectedCanary = rejected(r, pipeline, "canary");
        published = counter(r, pipeline, "streamcast.training.published", "Model versions published");
        refused = counter(r, pipeline, "streamcast.training.models.refused", "Model records refused");
        r.gauge("streamcast.training.version", Tags.of("pipeline", pipeline), version, AtomicLong::doubleValue);
        r.gauge("streamcast.training.loss", Tags.of("pipeline", pipeline), lastLoss, AtomicReference::get);
    }

    public static TrainingMetrics detached(String pipeline) {
        return new TrainingMetrics(new SimpleMeterRegistry(), pipeline);
    }

    private static Counter counter(MeterRegistry r, String pipeline, String name, String description) {
        return Counter.builder(name).description(description).tag("pipeline", pipeline).register(r);
    }

    private static Counter rejected(MeterRegistry r, String pipeline, String stage) {
        return Counter.builder("streamcast.training.rejected").description("Updates rejected by a guard")
                .tag("pipeline", pipeline).tag("stage", stage).register(r);
    }

    void window() {
        windows.increment();
    }

    void trained() {
        trained.increment();
    }

    public double trainedCount() {
        return trained.count();
    }

    void canary() {
        canaries.increment();
    }

    void skippedIncident() {
        skipped.increment();
    }

    void rejectedWindow() {
        rejectedWindow.increment();
    }

    void rejectedGuard() {
        rejectedGuard.increment();
    }

    void rejectedCanary() {
        rejectedCanary.increment();
    }

    void refused() {
        refused.increment();
    }

    void published(long v, double loss) {
        published.increment();
        version.set(v);
        lastLoss.set(loss);
    }

    public double windows() {
        return windows.count();
    }

    public double publishedCount() {
        return published.count();
    }

    public long version() {
        return version.get();
    }

    public double rejected(String stage) {
        return switch (stage) {
            case "window" -> rejectedWindow.count();
            case "guard" -> rejectedGuard.count();
            default -> rejectedCanary.count();
        };
    }

    public double skippedCount() {
        return skipped.count();
    }
}
