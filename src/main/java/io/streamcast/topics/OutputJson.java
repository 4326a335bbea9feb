package io.streamcast.topics;

import io.streamcast.engine.ForecastEngine;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes forecast and alert records with Jackson's streaming generator (the hot path allocates little). */
public final class OutputJson {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(256);

    public byte[] forecast(String key, long ts, double value, double forecast, double lower, double upper, double scale,
                    long modelVersion, double score, double likelihood, boolean warm, ForecastEngine.Swap swap) {
        try (JsonGenerator g = begin()) {
            g.writeStringField("key", key);
            g.writeNumberField("ts", ts);
            g.writeNumberField("value", value);
            number(g, "forecast", forecast);
            number(g, "lower", lower);
            number(g, "upper", upper);
            number(g, "scale", scale);
            g.writeNumberField("modelVersion", modelVersion);
            number(g, "score", score);
            number(g, "likelihood", likelihood);
            g.writeBooleanField("warm", warm);
            if (swap != ForecastEngine.Swap.NONE) {
                // The key changed model version at this event: what a bit-for-bit replay needs to know.
                g.writeStringField("swap", swap.label());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    public byte[] alert(String key, long ts, double value, double expected, double lower, double upper, double score,
                 double likelihood, String severity, String cause, String kind) {
        try (JsonGenerator g = begin()) {
            g.writeStringField("key", key);
            g.writeNumberField("ts", ts);
            g.writeStringField("kind", kind);
            g.writeNumberField("value", value);
            number(g, "expected", expected);
            number(g, "lower", lower);
            number(g, "upper", upper);
            number(g, "score", score);
            number(g, "likelihood", likelihood);
            if (severity != null) {
                g.writeStringField("severity", severity);
            }
            if (cause != null) {
                g.writeStringField("cause", cause);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    private JsonGenerator begin() throws IOException {
        buffer.reset();
        JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8);
        g.writeStartObject();
        return g;
    }

    private byte[] take() {
        return buffer.toByteArray();
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
