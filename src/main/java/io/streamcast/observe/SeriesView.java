package io.streamcast.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.model.AnomalyStats;
import io.streamcast.model.Forecaster;
import io.streamcast.model.Forecast;
import io.streamcast.model.SeriesState;
import io.streamcast.model.SeriesStateCodec;
import io.streamcast.spec.PipelineSpec;
import java.time.Instant;

/**
 * A key's stored state as the API shows it: the forecast pending for its next event with the band the
 * forecast topic would carry (the same {@link Forecast}, so the numbers match bit for bit), the
 * anomaly likelihood of its last event, model version, last event time and step count.
 */
final class SeriesView {
    private final Forecaster forecaster;
    private final double level;

    SeriesView(PipelineSpec spec) {
        this.forecaster = new Forecaster(spec.modelConfig());
        this.level = spec.modelConfig().intervalLevel();
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
        Forecast pending = forecaster.pending(s);
        n.put("warm", pending.warm());
        ObjectNode f = n.putObject("forecast");
        HttpJson.number(f, "mean", pending.mean());
        HttpJson.number(f, "lower", pending.lower());
        HttpJson.number(f, "upper", pending.upper());
        HttpJson.number(f, "scale", pending.scale());
        f.put("level", level);
        ObjectNode a = n.putObject("anomaly");
        HttpJson.number(a, "likelihood", stats.lastLikelihood);
        a.put("incidentOpen", stats.incidentOpen());
        n.put("stateBytes", stored.length);
        n.put("servedBy", servedBy);
        return n;
    }
}
