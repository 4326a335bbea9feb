package io.streamcast.chaos;

import io.streamcast.engine.ObservationParser;
import io.streamcast.replay.LiveReproduction;
import io.streamcast.topics.DeadLetters;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.topics.TopicRegistry;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the outputs say, read committed, against every input record: an input is lost when it has neither a
 * forecast (same key and ts) nor a dead letter naming it; an output beyond one per input is a duplicate.
 *
 * @param inputs     records on the input topic (more than were sent: the input itself has duplicates)
 * @param forecasts  forecast records read committed
 * @param deadLetters dead letters read committed
 * @param lost       inputs with no output
 * @param duplicated outputs beyond one per input, plus input records beyond one per sent row
 */
public record ChaosVerdict(long inputs, long forecasts, long deadLetters, long lost, long duplicated) {
    private static final ObservationParser PARSER = new ObservationParser(Double.MAX_VALUE);

    static ChaosVerdict read(PipelineSpec spec, String bootstrap, Map<String, String> clientProps) {
        TopicRegistry t = TopicRegistry.of(spec);
        Map<String, Integer> outputs = new HashMap<>();
        long[] counts = new long[3];
        long[] duplicated = {0};
        read(t.forecasts().name(), bootstrap, clientProps, r -> {
            ForecastRecord f = RecordJson.readForecast(r.value());
            counts[1]++;
            if (outputs.merge(f.key() + "@" + f.ts(), 1, Integer::sum) > 1) {
                duplicated[0]++;
            }
        });
        Set<String> rejectedSources = new HashSet<>();
        read(t.deadLetters().name(), bootstrap, clientProps, r -> {
            counts[2]++;
            String source = DeadLetters.header(r.headers(), DeadLetters.SOURCE_HEADER);
            if (source != null && !rejectedSources.add(source)) {
                duplicated[0]++;
            }
        });
        Set<String> seenInputs = new HashSet<>();
        long[] lost = {0};
        read(t.observations().name(), bootstrap, clientProps, r -> {
            counts[0]++;
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            String id = key + "@" + tsOf(r.value());
            if (!seenInputs.add(id)) {
                duplicated[0]++;
                return;
            }
            if (!outputs.containsKey(id)
                    && !rejectedSources.contains(DeadLetters.source(r.topic(), r.partition(), r.offset()))) {
                lost[0]++;
            }
        });
        return new ChaosVerdict(counts[0], counts[1], counts[2], lost[0], duplicated[0]);
    }

    /** The event time of an input record, read as the pipeline reads it. */
    private static long tsOf(byte[] value) {
        try {
            return PARSER.parse(value).ts();
        } catch (ObservationParser.Rejection e) {
            throw new IllegalStateException("the chaos feed wrote a record the pipeline cannot read: " + e.getMessage());
        }
    }

    private static void read(String topic, String bootstrap, Map<String, String> clientProps,
                             Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        LiveReproduction.readCommitted(bootstrap, clientProps, topic, sink);
    }
}
