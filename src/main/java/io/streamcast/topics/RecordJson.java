package io.streamcast.topics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.Swap;
import io.streamcast.model.Ahead;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The JSON of the forecasts and alerts topics, written and read with Jackson's streaming API (no tree per
 * record). One instance reuses its output buffer, so it belongs to one thread; the serdes make their own.
 */
public final class RecordJson {
    // Schubfach for doubles (DoubleText writes the same digits for the records; the fast writer is for anything
    // else): JDK 17's Double.toString took most of the time of writing a record. Both read back to the same double;
    // the fast writer's digits are the shortest that do.
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    // The names as UTF-8 once, so the generator copies them instead of escaping them char by char for each record.
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString FORECAST = new SerializedString("forecast");
    private static final SerializedString LOWER = new SerializedString("lower");
    private static final SerializedString UPPER = new SerializedString("upper");
    private static final SerializedString SCALE = new SerializedString("scale");
    private static final SerializedString MODEL_VERSION = new SerializedString("modelVersion");
    private static final SerializedString SCORE = new SerializedString("score");
    private static final SerializedString LIKELIHOOD = new SerializedString("likelihood");
    private static final SerializedString WARM = new SerializedString("warm");
    private static final SerializedString EXPECTED = new SerializedString("expected");
    private final Output buffer = new Output();
    /** The fast writer's digits without its String per double. */
    private final DoubleText digits = new DoubleText();
    /** One generator for every record this instance writes, each a root value of its own, taken by flush. */
    private JsonGenerator generator;

    public byte[] write(ForecastRecord r) {
        try {
            JsonGenerator g = begin();
            g.writeFieldName(KEY);
            g.writeString(r.key());
            integer(g, TS, r.ts());
            number(g, VALUE, r.value());
            number(g, FORECAST, r.forecast());
            number(g, LOWER, r.lower());
            number(g, UPPER, r.upper());
            number(g, SCALE, r.scale());
            integer(g, MODEL_VERSION, r.modelVersion());
            number(g, SCORE, r.score());
            number(g, LIKELIHOOD, r.likelihood());
            g.writeFieldName(WARM);
            g.writeBoolean(r.warm());
            if (r.swap() != Swap.NONE) {
                // The key changed model version at this event: what a bit-for-bit replay needs to know.
                g.writeStringField("swap", r.swap().label());
            }
            if (r.calendar() != null) {
                g.writeStringField("calendar", r.calendar());
            }
            if (r.ahead() != null) {
                ahead(g, r.ahead());
            }
            return end(g);
        } catch (IOException | RuntimeException e) {
            throw abandon(e);
        }
    }

    /** forecast.horizon's steps, each with its own time, named as the record's next forecast is. */
    private void ahead(JsonGenerator g, Ahead a) throws IOException {
        g.writeArrayFieldStart("ahead");
        for (int h = 0; h < a.steps(); h++) {
            g.writeStartObject();
            integer(g, TS, a.ts(h));
            number(g, FORECAST, a.mean()[h]);
            number(g, LOWER, a.lower()[h]);
            number(g, UPPER, a.upper()[h]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    public byte[] write(AlertRecord r) {
        try {
            JsonGenerator g = begin();
            g.writeFieldName(KEY);
            g.writeString(r.key());
            integer(g, TS, r.ts());
            g.writeStringField("kind", r.kind().label());
            number(g, VALUE, r.value());
            number(g, EXPECTED, r.expected());
            number(g, LOWER, r.lower());
            number(g, UPPER, r.upper());
            number(g, SCORE, r.score());
            number(g, LIKELIHOOD, r.likelihood());
            if (r.severity() != null) {
                g.writeStringField("severity", AlertRecord.label(r.severity()));
            }
            if (r.cause() != null) {
                g.writeStringField("cause", AlertRecord.label(r.cause()));
            }
            if (r.calendar() != null) {
                g.writeStringField("calendar", r.calendar());
            }
            return end(g);
        } catch (IOException | RuntimeException e) {
            throw abandon(e);
        }
    }

    /** Reads a forecasts-topic record; unknown fields are skipped, a missing number is NaN. */
    public static ForecastRecord readForecast(byte[] bytes) {
        Fields f = read(bytes, "forecast");
        Ahead ahead = null;
        if (f.ahead != null) {
            int n = f.ahead.length / 4;
            double[] mean = new double[n];
            double[] lower = new double[n];
            double[] upper = new double[n];
            for (int h = 0; h < n; h++) {
                mean[h] = f.ahead[4 * h + 1];
                lower[h] = f.ahead[4 * h + 2];
                upper[h] = f.ahead[4 * h + 3];
            }
            long stepMs = n == 0 ? 1 : (long) f.ahead[0] - f.ts;
            if (stepMs < 1) {
                throw new CorruptDataException("forecast record: its first step ahead is not after its ts");
            }
            ahead = new Ahead(f.ts, stepMs, mean, lower, upper);
        }
        return new ForecastRecord(f.key, f.ts, f.value, f.forecast, f.lower, f.upper, f.scale, f.modelVersion,
                f.score, f.likelihood, f.warm, Swap.parse(f.swap), f.calendar, ahead);
    }

    /** Reads an alerts-topic record. */
    public static AlertRecord readAlert(byte[] bytes) {
        Fields f = read(bytes, "alert");
        if (f.kind == null) {
            throw new CorruptDataException("alert record has no kind");
        }
        try {
            return new AlertRecord(f.key, f.ts, AnomalyResult.Alert.ofLabel(f.kind), f.value, f.expected, f.lower,
                    f.upper, f.score, f.likelihood,
                    f.severity == null ? null : Labels.parse(AnomalyResult.Severity.class, f.severity, "severity"),
                    f.cause == null ? null : Labels.parse(AnomalyResult.Cause.class, f.cause, "cause"), f.calendar);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException("alert record: " + e.getMessage());
        }
    }

    /** The fields of both record types; a number that is absent or null stays NaN. */
    private static final class Fields {
        String key;
        long ts;
        long modelVersion;
        boolean warm;
        String swap;
        String kind;
        String severity;
        String cause;
        String calendar;
        double value = Double.NaN;
        double forecast = Double.NaN;
        double lower = Double.NaN;
        double upper = Double.NaN;
        double scale = Double.NaN;
        double score = Double.NaN;
        double likelihood = Double.NaN;
        double expected = Double.NaN;
        /** The steps ahead, four numbers each: ts, forecast, lower, upper. */
        double[] ahead;
    }

    private static Fields read(byte[] bytes, String what) {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptDataException(what + " record is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "key" -> f.key = p.getValueAsString();
                    case "ts" -> f.ts = p.getLongValue();
                    case "modelVersion" -> f.modelVersion = p.getLongValue();
                    case "warm" -> f.warm = t == JsonToken.VALUE_TRUE;
                    case "swap" -> f.swap = p.getValueAsString();
                    case "kind" -> f.kind = p.getValueAsString();
                    case "severity" -> f.severity = p.getValueAsString();
                    case "cause" -> f.cause = p.getValueAsString();
                    case "calendar" -> f.calendar = p.getValueAsString();
                    case "value" -> f.value = number(p, t);
                    case "forecast" -> f.forecast = number(p, t);
                    case "lower" -> f.lower = number(p, t);
                    case "upper" -> f.upper = number(p, t);
                    case "scale" -> f.scale = number(p, t);
                    case "score" -> f.score = number(p, t);
                    case "likelihood" -> f.likelihood = number(p, t);
                    case "expected" -> f.expected = number(p, t);
                    case "ahead" -> f.ahead = ahead(p, t);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new CorruptDataException(what + " record: " + e.getMessage());
        }
        return f;
    }

    private static double[] ahead(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        java.util.List<Double> values = new java.util.ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            double ts = Double.NaN;
            double mean = Double.NaN;
            double lower = Double.NaN;
            double upper = Double.NaN;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "ts" -> ts = p.getLongValue();
                    case "forecast" -> mean = number(p, v);
                    case "lower" -> lower = number(p, v);
                    case "upper" -> upper = number(p, v);
                    default -> p.skipChildren();
                }
            }
            values.add(ts);
            values.add(mean);
            values.add(lower);
            values.add(upper);
        }
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }

    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t.isNumeric()) {
            return p.getDoubleValue();
        }
        p.skipChildren();
        return Double.NaN;
    }

    private JsonGenerator begin() throws IOException {
        if (generator == null) {
            generator = JSON.createGenerator(buffer, JsonEncoding.UTF8);
            generator.setRootValueSeparator(null);
        }
        buffer.reset();
        generator.writeStartObject();
        return generator;
    }

    /** Drops the generator a failure left mid-record, so the next record starts a new one; what to throw. */
    private RuntimeException abandon(Exception e) {
        generator = null;
        return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }

    private byte[] end(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.flush();
        return buffer.toByteArray();
    }

    /** JSON has no NaN: a forecast that does not exist yet is null. */
    private void number(JsonGenerator g, SerializedString field, double v) throws IOException {
        g.writeFieldName(field);
        if (Double.isFinite(v)) {
            g.writeNumber(digits.chars, 0, digits.render(v));
        } else {
            g.writeNull();
        }
    }

    private static void integer(JsonGenerator g, SerializedString field, long v) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(v);
    }

    /**
     * The generator's sink: one array kept across records, copied out at its exact length. Jackson's
     * ByteArrayBuilder made an iterator and a second pass over its list of blocks for every record.
     */
    private static final class Output extends OutputStream {
        private byte[] bytes = new byte[512];
        private int size;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
            }
        }

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
