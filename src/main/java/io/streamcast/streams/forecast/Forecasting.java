package io.streamcast.streams.forecast;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.calendar.LiveCalendar;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.models.ModelStoreLoader;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.ForecastRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Forecasting and anomaly scoring added to your own Kafka Streams application: give it the raw records of a
 * stream of observations (JSON {@code {"ts","value"}} keyed by series, as bytes, so that a malformed one can go to
 * the dead letters as it came) and get back typed streams of forecasts and alerts keyed by series, and the dead
 * letters with their reason headers. It is the pipeline's own per-event processor, state store and model
 * store (new model versions from the spec's model topic are swapped in as in `streamcast run`); call it once
 * per builder.
 */
public final class Forecasting {
    /** What forecasting adds to a topology. */
    public record Branches(KStream<String, ForecastRecord> forecasts, KStream<String, AlertRecord> alerts,
                           KStream<byte[], byte[]> deadLetters) {
    }

    /** One output of the processor before it is split by kind. */
    sealed interface Output permits ForecastOut, AlertOut, DeadLetterOut {
    }

    record ForecastOut(ForecastRecord record) implements Output {
    }

    record AlertOut(AlertRecord record) implements Output {
    }

    record DeadLetterOut(byte[] value) implements Output {
    }

    private Forecasting() {
    }

    /** With the spec file's pipeline and initial weights (a weights file is found beside the spec). */
    public static Branches add(StreamsBuilder builder, KStream<byte[], byte[]> observations, Path specFile,
                               MeterRegistry registry) {
        PipelineSpec spec = SpecLoader.load(specFile);
        return add(builder, observations, spec, WeightsSource.fixed(ModelLoader.initial(spec,
                specFile.toAbsolutePath().getParent())), registry);
    }

    /**
     * @param initial  the weights keys use until a version is published on the spec's model topic
     * @param registry where the pipeline's meters go (events, latency, dead letters by reason, alerts, ...)
     */
    public static Branches add(StreamsBuilder builder, KStream<byte[], byte[]> observations, PipelineSpec spec,
                               WeightsSource initial, MeterRegistry registry) {
        List<String> stores = new ArrayList<>();
        for (StoreBuilder<?> store : ForecastTopology.processorStores(spec)) {
            builder.addStateStore(store);
            stores.add(store.name());
        }
        builder.addGlobalStore(ModelStoreLoader.store(), spec.topics().models(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()), ModelStoreLoader::new);
        LiveCalendar calendar = new LiveCalendar(spec.calendarEvents());
        builder.addGlobalStore(CalendarStoreLoader.store(), spec.topics().calendar(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()), () -> new CalendarStoreLoader(calendar));
        PipelineMetrics metrics = new PipelineMetrics(registry, spec.name());
        KStream<byte[], Output> out = observations.process(() -> new ForecastProcessor<>(spec, initial, metrics,
                ProcessorHooks.NONE, RecentHistory.NONE, calendar, typed()), Named.as("streamcast-forecast"), stores.toArray(String[]::new));
        Map<String, KStream<byte[], Output>> kinds = out.split(Named.as("streamcast-"))
                .branch((k, v) -> v instanceof ForecastOut, Branched.as("forecasts"))
                .branch((k, v) -> v instanceof AlertOut, Branched.as("alerts"))
                .defaultBranch(Branched.as("dead-letters"));
        return new Branches(
                kinds.get("streamcast-forecasts").map((k, v) -> {
                    ForecastRecord r = ((ForecastOut) v).record();
                    return KeyValue.pair(r.key(), r);
                }, Named.as("streamcast-forecasts-by-series")),
                kinds.get("streamcast-alerts").map((k, v) -> {
                    AlertRecord a = ((AlertOut) v).record();
                    return KeyValue.pair(a.key(), a);
                }, Named.as("streamcast-alerts-by-series")),
                kinds.get("streamcast-dead-letters").mapValues(v -> ((DeadLetterOut) v).value(),
                        Named.as("streamcast-dead-letter-bytes")));
    }

    private static ForecastProcessor.Outputs<Output> typed() {
        return new ForecastProcessor.Outputs<>() {
            @Override
            public void forecast(ProcessorContext<byte[], Output> ctx, byte[] key, ForecastRecord r, long timestamp) {
                ctx.forward(new Record<>(key, new ForecastOut(r), timestamp));
            }

            @Override
            public void alert(ProcessorContext<byte[], Output> ctx, byte[] key, AlertRecord a, long timestamp) {
                ctx.forward(new Record<>(key, new AlertOut(a), timestamp));
            }

            @Override
            public void deadLetter(ProcessorContext<byte[], Output> ctx, Record<byte[], byte[]> annotated) {
                ctx.forward(annotated.withValue(new DeadLetterOut(annotated.value())));
            }
        };
    }
}
