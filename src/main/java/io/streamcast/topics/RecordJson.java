package io.streamcast.topics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.Swap;
import io.streamcast.model.CorruptDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The JSON of the forecasts and alerts topics, written and read with Jackson's streaming API (no tree per
 * record). One instance reuses its output buffer, so it belongs to one thread; the serdes make their own.
 */
public final class RecordJson {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(256);

    public byte[] write(ForecastRecord r) {
        try (JsonGenerator g = begin()) {
            g.writeStringField("key", r.key());
            g.writeNumberField("ts", r.ts());
            g.writeNumberField("value", r.value());
            number(g, "forecast", r.forecast());
            number(g, "lower", r.lower());
            number(g, "upper", r.upper());
            number(g, "scale", r.scale());
            g.writeNumberField("modelVersion", r.modelVersion());
            number(g, "score", r.score());
            number(g, "likelihood", r.likelihood());
            g.writeBooleanField("warm", r.warm());
            if (r.swap() != Swap.NONE) {
                // The key changed model version at this event: what a bit-for-bit replay needs to know.
                g.writeStringField("swap", r.swap().label());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    public byte[] write(AlertRecord r) {
        try (JsonGenerator g = begin()) {
            g.writeStringField("key", r.key());
            g.writeNumberField("ts", r.ts());
            g.writeStringField("kind", r.kind().label());
            g.writeNumberField("value", r.value());
            number(g, "expected", r.expected());
            number(g, "lower", r.lower());
            number(g, "upper", r.upper());
            number(g, "score", r.score());
            number(g, "likelihood", r.likelihood());
            if (r.severity() != null) {
                g.writeStringField("severity", AlertRecord.label(r.severity()));
            }
            if (r.cause() != null) {
                g.writeStringField("cause", AlertRecord.label(r.cause()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Reads a forecasts-topic record; unknown fields are skipped, a missing number is NaN. */
    public static ForecastRecord readForecast(byte[] bytes) {
        Fields f = read(bytes, "forecast");
        return new ForecastRecord(f.key, f.ts, f.num("value"), f.num("forecast"), f.num("lower"), f.num("upper"),
                f.num("scale"), f.modelVersion, f.num("score"), f.num("likelihood"), f.warm,
                Swap.parse(f.swap));
    }

    /** Reads an alerts-topic record. */
    public static AlertRecord readAlert(byte[] bytes) {
        Fields f = read(bytes, "alert");
        if (f.kind == null) {
            throw new CorruptDataException("alert record has no kind");
        }
        try {
            return new AlertRecord(f.key, f.ts, AnomalyResult.Alert.ofLabel(f.kind), f.num("value"), f.num("expected"),
                    f.num("lower"), f.num("upper"), f.num("score"), f.num("likelihood"),
                    f.severity == null ? null : AnomalyResult.Severity.valueOf(f.severity.toUpperCase(Locale.ROOT)),
                    f.cause == null ? null : AnomalyResult.Cause.valueOf(f.cause.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException("alert record: " + e.getMessage());
        }
    }

    /** The fields both record types share a parse for; numbers by name, in the order they are declared. */
    private static final class Fields {
        private static final String[] NUMBERS = {"value", "forecast", "lower", "upper", "scale", "score",
                "likelihood", "expected"};
        final double[] numbers = new double[NUMBERS.length];
        String key;
        long ts;
        long modelVersion;
        boolean warm;
        String swap;
        String kind;
        String severity;
        String cause;

        Fields() {
            java.util.Arrays.fill(numbers, Double.NaN);
        }

        double num(String name) {
            for (int i = 0; i < NUMBERS.length; i++) {
                if (NUMBERS[i].equals(name)) {
                    return numbers[i];
                }
            }
            throw new IllegalArgumentException(name);
        }

        boolean set(String name, double v) {
            for (int i = 0; i < NUMBERS.length; i++) {
                if (NUMBERS[i].equals(name)) {
                    numbers[i] = v;
                    return true;
                }
            }
            return false;
        }
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
                    default -> {
                        if (t.isNumeric()) {
                            f.set(name, p.getDoubleValue());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CorruptDataException(what + " record: " + e.getMessage());
        }
        return f;
    }

    private JsonGenerator begin() throws IOException {
        buffer.reset();
        JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8);
        g.writeStartObject();
        return g;
    }

    /** JSON has no NaN: a forecast that does not exist yet is null. */
    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }
}
