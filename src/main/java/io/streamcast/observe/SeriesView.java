package io.streamcast.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.model.Ahead;
import io.streamcast.model.AnomalyStats;
import io.streamcast.model.Forecaster;
import io.streamcast.model.Forecast;
import io.streamcast.model.SeriesState;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.forecast.RecentHistory;
import io.streamcast.topics.AlertRecord;
import java.time.Instant;
import java.util.List;

/**
 * A key's stored state as the API shows it: the forecast pending for its next event with the band the
 * forecast topic would carry (the same {@link Forecast}, so the numbers match bit for bit), the
 * anomaly likelihood of its last event, model version, last event time and step count.
 */
final class SeriesView {
    /** Points in a fleet row's sparkline. */
    static final int SPARK_POINTS = 60;
    private final Forecaster forecaster;
    private final double level;
    private final RecentHistory history;

    SeriesView(PipelineSpec spec, RecentHistory history) {
        this.forecaster = new Forecaster(spec.modelConfig());
        this.level = spec.modelConfig().intervalLevel();
        this.history = history;
    }

    /** @throws io.streamcast.model.CorruptDataException when the bytes are not a series state */
    ObjectNode json(String key, byte[] stored, String servedBy) {
        SeriesState s = LiveStateCodec.decode(stored, null);
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
        Ahead ahead = history.ahead(key);
        if (ahead != null) {
            ArrayNode steps = n.putArray("ahead");
            for (int h = 0; h < ahead.steps(); h++) {
                ObjectNode o = steps.addObject();
                o.put("ts", ahead.ts(h));
                HttpJson.number(o, "mean", ahead.mean()[h]);
                HttpJson.number(o, "lower", ahead.lower()[h]);
                HttpJson.number(o, "upper", ahead.upper()[h]);
            }
        }
        n.put("stateBytes", stored.length);
        n.put("servedBy", servedBy);
        return n;
    }

    /**
     * The key's view with its last {@code points} points as the console draws them: time, value, the forecast
     * made for it and its band, likelihood, and the alert it opened ({@code "open"}, with severity) or resolved.
     */
    ObjectNode jsonWithHistory(String key, byte[] stored, String servedBy, int points) {
        ObjectNode n = json(key, stored, servedBy);
        HttpJson.number(n, "vsNaive", history.versusNaive(key));
        ArrayNode arr = n.putArray("history");
        for (RecentHistory.Point p : history.last(key, points)) {
            ObjectNode o = arr.addObject();
            o.put("ts", p.ts());
            HttpJson.number(o, "value", p.value());
            if (p.scored()) {
                HttpJson.number(o, "mean", p.mean());
                HttpJson.number(o, "lower", p.lower());
                HttpJson.number(o, "upper", p.upper());
            }
            HttpJson.number(o, "likelihood", p.likelihood());
            if (p.calendar()) {
                o.put("calendar", true);
            }
            if (!p.alert().label().isEmpty()) {
                o.put("alert", p.alert().label());
                if (p.severity() != null) {
                    o.put("severity", AlertRecord.label(p.severity()));
                }
            }
        }
        return n;
    }

    /** One line of the fleet view: the key's state in brief, a sparkline of its last values, its error vs naive. */
    ObjectNode row(String key, byte[] stored) {
        SeriesState s = LiveStateCodec.decode(stored, null);
        ObjectNode n = HttpJson.object();
        n.put("key", key);
        n.put("lastEventTime", s.lastEventTime());
        AnomalyStats stats = s.anomalyStats();
        HttpJson.number(n, "lastValue", stats.lastValueOrNaN());
        Forecast pending = forecaster.pending(s);
        HttpJson.number(n, "forecast", pending.mean());
        HttpJson.number(n, "lower", pending.lower());
        HttpJson.number(n, "upper", pending.upper());
        HttpJson.number(n, "likelihood", stats.lastLikelihood);
        n.put("incidentOpen", stats.incidentOpen());
        n.put("modelVersion", s.modelVersion());
        n.put("steps", s.steps());
        HttpJson.number(n, "vsNaive", history.versusNaive(key));
        ArrayNode spark = n.putArray("spark");
        List<RecentHistory.Point> last = history.last(key, SPARK_POINTS);
        for (RecentHistory.Point p : last) {
            spark.add(Double.isFinite(p.value()) ? p.value() : 0);
        }
        return n;
    }
}
