package io.streamcast.topics;

import io.streamcast.engine.Observation;
import io.streamcast.engine.ObservationParser;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Typed serdes for the JSON topics; each call writes into its own buffer, so they are safe across threads. */
public final class TopicSerdes {
    private TopicSerdes() {
    }

    /**
     * Observations as the pipeline reads them ({@code {"ts","value"}}), for producers and tests; a value it
     * cannot read fails deserialization. A topology that wants bad records in its dead letters reads raw bytes
     * instead ({@code Forecasting.add}).
     */
    public static Serde<Observation> observations() {
        ObservationParser parser = new ObservationParser(Double.MAX_VALUE);
        return Serdes.serdeFrom((topic, o) -> o == null ? null : observationJson(o.ts(), o.value()),
                (topic, b) -> {
                    if (b == null) {
                        return null;
                    }
                    try {
                        return parser.parse(b);
                    } catch (ObservationParser.Rejection r) {
                        throw new SerializationException("not an observation on " + topic + ": " + r.getMessage());
                    }
                });
    }

    /** An observation as the pipeline reads it, {@code {"ts":<epoch ms>,"value":<number>}}: what producers send. */
    public static byte[] observationJson(long ts, double value) {
        return ("{\"ts\":" + ts + ",\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }

    public static Serde<ForecastRecord> forecasts() {
        return Serdes.serdeFrom((topic, r) -> r == null ? null : new RecordJson().write(r),
                (topic, b) -> b == null ? null : RecordJson.readForecast(b));
    }

    public static Serde<AlertRecord> alerts() {
        return Serdes.serdeFrom((topic, r) -> r == null ? null : new RecordJson().write(r),
                (topic, b) -> b == null ? null : RecordJson.readAlert(b));
    }

    public static Serde<ModelRecords.Published> models() {
        return Serdes.serdeFrom((topic, m) -> m == null ? null : ModelRecords.encode(m.provenance(), m.weights()),
                (topic, b) -> b == null ? null : ModelRecords.decode(b));
    }

    public static Serde<TrainingUpdate> trainingUpdates() {
        return Serdes.serdeFrom((topic, u) -> u == null ? null : u.encode(),
                (topic, b) -> b == null ? null : TrainingUpdate.decode(b));
    }
}
