package io.streamcast.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.model.AnomalyStats;
import io.streamcast.model.Forecaster;
import io.streamcast.model.ModelConfig;
import io.streamcast.model.SeriesState;
import io.streamcast.model.SeriesStateCodec;
import io.streamcast.spec.PipelineSpec;
import java.time.Instant;

/**
 * A key's stored state as the API shows it: the forecast pending for its next event with the band the
 * forecast topic would carry (mean ∓ z·scale, the same arithmetic, so the numbers match bit for bit), the
 * anomaly likelihood of its last event, model version, last event time and step count.
 */
final class SeriesView {
    private final double quantile;
    private final double level;
    private final long warmup;

    SeriesView(PipelineSpec spec) {
        ModelConfig config = spec.modelConfig();
        this.quantile = new Forecaster(config).intervalQuantile();
        this.level = config.intervalLevel();
        this.warmup = config.normaliser().warmup();
    }

    /** @throws io.streamcast.model.CorruptDataException when the bytes are not a series state */
    ObjectNode json(String key, byte[] stored, String servedBy) {
        SeriesState s = SeriesStateCodec.decode(stored);
        ObjectNode n = HttpJson.object();
        n.put("key", key);
        n.put("lastEventTime", s.lastEventTime());
        n.put("lastEventTimeIso", s.lastEventTime() == SeriesState.NO_EVENT ? null
                : Instant.ofEpochMilli(s.lastEventTime()).toString());
        AnomalyStats stats = s.anomalyStats();
        HttpJson.number(n, "lastValue", stats.lastValueOrNaN());
        n.put("steps", s.steps());
        n.put("modelVersion", s.modelVersion());
        n.put("warm", s.normaliserCount() > warmup);
        ObjectNode f = n.putObject("forecast");
        double mean = s.forecastMean();
        double scale = s.forecastScale();
        HttpJson.number(f, "mean", mean);
        HttpJson.number(f, "lower", mean - quantile * scale);
        HttpJson.number(f, "upper", mean + quantile * scale);
        HttpJson.number(f, "scale", scale);
        f.put("level", level);
        ObjectNode a = n.putObject("anomaly");
        HttpJson.number(a, "likelihood", stats.lastLikelihood);
        a.put("incidentOpen", stats.incidentOpen());
        n.put("stateBytes", stored.length);
        n.put("servedBy", servedBy);
        return n;
    }
}
