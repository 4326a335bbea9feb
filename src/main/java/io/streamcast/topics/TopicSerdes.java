package io.streamcast.topics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Typed serdes for the JSON topics; each call writes into its own buffer, so they are safe across threads. */
public final class TopicSerdes {
    private TopicSerdes() {
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
