package io.streamcast.replay;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.data.SeriesInput;
import io.streamcast.eval.SeriesRun;
import io.streamcast.eval.StreamingBacktest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.topics.DeadLetters;
import io.streamcast.engine.EventOutcome;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.topics.RecordJson;
import io.streamcast.engine.Observation;
import io.streamcast.engine.ObservationParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;

/**
 * Turns what the forecast topology wrote back into per-row results ({@link SeriesRun}), as {@link StreamingBacktest}
 * records them: the forecast made for row i is the {@code forecast/lower/upper} of the key's previous forecast
 * record (its state's pending forecast, which a rejected row leaves alone), {@code next} is the record's own.
 * Rows come from the input topic, in offset order per key; a dead letter names its input row by its source
 * header, so rejected rows fall into place between the forecasts.
 */
final class ReplayRuns {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** One input record of a key: where it came from ("topic-partition@offset", as dead letters name it). */
    record Row(String source, long ts, double value, long recordTime) {
    }

    private final ObservationParser parser = new ObservationParser(Double.MAX_VALUE);
    private final Map<String, List<Row>> rows = new TreeMap<>();
    /** Input source → key ("" for a record without one): how a dead letter finds its row. */
    private final Map<String, String> sources = new HashMap<>();
    private final Map<String, ArrayDeque<ForecastRecord>> forecasts = new HashMap<>();
    private final Map<String, EventOutcome.Rejected> rejected = new HashMap<>();
    private final Map<String, Integer> rejectedPerKey = new HashMap<>();
    private final Map<String, AnomalyResult.Alert> alerts = new HashMap<>();
    private long unkeyed;
    private long unkeyedRejected;

    /** An input record in range; a record without a key is only counted (the pipeline dead-letters it). */
    void input(byte[] key, byte[] value, String source, long recordTime) {
        if (key == null || key.length == 0) {
            unkeyed++;
            sources.put(source, "");
            return;
        }
        String k = new String(key, StandardCharsets.UTF_8);
        sources.put(source, k);
        List<Row> list = rows.computeIfAbsent(k, x -> new ArrayList<>());
        long prevTs = list.isEmpty() ? 0 : list.get(list.size() - 1).ts();
        list.add(row(value, source, prevTs, recordTime));
    }

    /** A forecast record (records of a key past the range are kept too, and ignored by {@link #runs}). */
    void forecast(byte[] value) {
        ForecastRecord f = RecordJson.readForecast(value);
        forecasts.computeIfAbsent(f.key(), k -> new ArrayDeque<>()).add(f);
    }

    /** A dead letter; one whose source is not a row in range (a later record) is ignored. */
    void deadLetter(Headers headers) {
        String source = DeadLetters.header(headers, DeadLetters.SOURCE_HEADER);
        String key = source == null ? null : sources.get(source);
        if (key == null || rejected.put(source, DeadLetters.rejection(headers)) != null) {
            return;
        }
        if (key.isEmpty()) {
            unkeyedRejected++;
        } else {
            rejectedPerKey.merge(key, 1, Integer::sum);
        }
    }

    void alert(byte[] value) {
        AlertRecord a = RecordJson.readAlert(value);
        alerts.put(a.key() + "@" + a.ts(), a.kind());
    }

    long inputs() {
        return unkeyed + rows.values().stream().mapToLong(List::size).sum();
    }

    int keys() {
        return rows.size();
    }

    List<String> keyNames() {
        return List.copyOf(rows.keySet());
    }

    /**
     * Rows in range that have their output. A key's records are processed in offset order, so once its outputs
     * (counting forecasts of later records too) reach its row count, every row in range has been processed.
     */
    long done() {
        long d = unkeyedRejected;
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            d += Math.min(e.getValue().size(), outputs(e.getKey()));
        }
        return d;
    }

    int keysDone() {
        int n = 0;
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            n += outputs(e.getKey()) >= e.getValue().size() ? 1 : 0;
        }
        return n;
    }

    /**
     * Drops each key's rows that have no output yet: for reading a pipeline that is still running, whose input
     * topic runs ahead of its committed outputs (read at another moment than its dead letters). A key's rows are
     * processed in order, so the processed ones come first.
     */
    void keepProcessedRows() {
        rows.replaceAll((key, list) -> {
            Iterator<ForecastRecord> f = forecasts.getOrDefault(key, new ArrayDeque<>()).iterator();
            ForecastRecord next = f.hasNext() ? f.next() : null;
            int kept = 0;
            // Up to the first row with neither its forecast (the next one, same ts) nor a dead letter.
            for (Row r : list) {
                if (rejected.containsKey(r.source())) {
                    kept++;
                } else if (next != null && next.ts() == r.ts()) {
                    kept++;
                    next = f.hasNext() ? f.next() : null;
                } else {
                    break;
                }
            }
            return new ArrayList<>(list.subList(0, kept));
        });
        rows.values().removeIf(List::isEmpty);
    }

    /** One run per key, keys in sorted order; later forecasts of a key (records past the range) are ignored. */
    List<SeriesRun> runs() {
        List<SeriesRun> out = new ArrayList<>();
        rows.forEach((key, list) -> out.add(run(key, list)));
        return out;
    }

    private SeriesRun run(String key, List<Row> list) {
        int n = list.size();
        String[] text = new String[n];
        long[] ts = new long[n];
        double[] values = new double[n];
        long[] recordTimes = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = list.get(i).ts();
            values[i] = list.get(i).value();
            recordTimes[i] = list.get(i).recordTime();
            text[i] = NAB_TIME.format(Instant.ofEpochMilli(ts[i]));
        }
        int slash = key.lastIndexOf('/');
        SeriesRun run = new SeriesRun(new SeriesInput(key, slash < 0 ? "" : key.substring(0, slash), text, ts, values, 0,
                recordTimes));
        Iterator<ForecastRecord> records = forecasts.getOrDefault(key, new ArrayDeque<>()).iterator();
        ForecastRecord prev = null;
        for (int i = 0; i < n; i++) {
            EventOutcome.Rejected why = rejected.get(list.get(i).source());
            if (why != null) {
                run.rejected[i] = why;
                continue;
            }
            ForecastRecord f = records.hasNext() ? records.next() : null;
            if (f == null || f.ts() != ts[i]) {
                throw new IllegalStateException("the forecasts of '" + key + "' do not line up with its input at "
                        + list.get(i).source() + " (expected ts " + ts[i] + ", got "
                        + (f == null ? "no record" : f.ts()) + "; is the key in more than one partition?)");
            }
            if (prev != null) {
                run.forecast[i] = prev.forecast();
                run.lower[i] = prev.lower();
                run.upper[i] = prev.upper();
            }
            run.next[i] = f.forecast();
            run.score[i] = f.score();
            run.likelihood[i] = f.likelihood();
            // Records carry the likelihood, not its tail: likelihoods that round to 1 cannot be told apart here.
            run.tail[i] = 1 - run.likelihood[i];
            run.warm[i] = f.warm();
            run.version[i] = f.modelVersion();
            run.swap[i] = f.swap();
            run.alert[i] = alerts.getOrDefault(key + "@" + ts[i], AnomalyResult.Alert.NONE);
            prev = f;
        }
        return run;
    }

    private int outputs(String key) {
        ArrayDeque<ForecastRecord> q = forecasts.get(key);
        return (q == null ? 0 : q.size()) + rejectedPerKey.getOrDefault(key, 0);
    }

    /** ts and value as the pipeline reads them; for a record it rejects, as far as they can be read. */
    private Row row(byte[] value, String source, long prevTs, long recordTime) {
        try {
            Observation o = parser.parse(value);
            return new Row(source, o.ts(), o.value(), recordTime);
        } catch (ObservationParser.Rejection unusable) {
            long ts = prevTs;
            double v = Double.NaN;
            try {
                JsonNode n = JSON.readTree(value);
                JsonNode t = n == null ? null : n.get("ts");
                if (t != null && t.canConvertToLong()) {
                    ts = t.asLong();
                } else if (t != null && t.isTextual()) {
                    ts = ObservationParser.parseTime(t.asText());
                }
                JsonNode x = n == null ? null : n.get("value");
                v = x != null && x.isNumber() ? x.asDouble() : Double.NaN;
            } catch (IOException | ObservationParser.Rejection | RuntimeException ignored) {
                // unreadable: keep the previous row's time and no value; the dead letter says why
            }
            return new Row(source, ts, v, recordTime);
        }
    }

}
