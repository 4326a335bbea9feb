package io.streamcast.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code {"ts": <epoch ms or ISO-8601>, "value": <number>}}: the plain shape most producers write by
 * {@link ObservationScanner}, everything else with Jackson's streaming parser (no tree per event); other fields
 * are skipped. Every failure is a {@link Rejection} with its reason.
 */
public final class ObservationParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Correctly rounded as Double.parseDouble is, at a fraction of its cost on JDK 17.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final double maxAbsValue;

    public ObservationParser(double maxAbsValue) {
        this.maxAbsValue = maxAbsValue;
    }

    /** A record that cannot be used, with why. */
    public static final class Rejection extends Exception {
        private final DeadLetterReason reason;

        Rejection(DeadLetterReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }
    }

    public Observation parse(byte[] bytes) throws Rejection {
        if (bytes == null || bytes.length == 0) {
            throw new Rejection(DeadLetterReason.MALFORMED_JSON, "empty value");
        }
        Observation plain = ObservationScanner.scan(bytes);
        return plain != null ? plain : parseWithJackson(bytes);
    }

    /** Any record, with a reason for every rejection; {@link #parse} sends here what the scanner does not read. */
    Observation parseWithJackson(byte[] bytes) throws Rejection {
        long ts = Long.MIN_VALUE;
        double value = Double.NaN;
        boolean hasTs = false;
        boolean hasValue = false;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Rejection(DeadLetterReason.MALFORMED_JSON, "expected a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                // A field we read given twice is ambiguous (parsers disagree on which wins): refuse it. Duplicates
                // of fields we ignore cannot change what we do.
                if ((hasTs && "ts".equals(field)) || (hasValue && "value".equals(field))) {
                    throw new Rejection(DeadLetterReason.MALFORMED_JSON, "field '" + field + "' is given twice");
                }
                if ("ts".equals(field)) {
                    ts = timestamp(p, v);
                    hasTs = true;
                } else if ("value".equals(field)) {
                    value = value(p, v);
                    hasValue = true;
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new Rejection(DeadLetterReason.MALFORMED_JSON, "unexpected " + t);
            }
            if (p.nextToken() != null) {
                throw new Rejection(DeadLetterReason.MALFORMED_JSON, "trailing content after the object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Rejection(DeadLetterReason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejection(DeadLetterReason.MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
        if (!hasTs || !hasValue) {
            throw new Rejection(DeadLetterReason.MISSING_FIELD, "missing field '" + (hasTs ? "value" : "ts") + "'");
        }
        // The value itself is checked by ForecastEngine.process, on every path alike.
        return new Observation(ts, value);
    }

    /** The value checks every input path shares (records and backtest files), run by {@link ForecastEngine}. */
    public void checkValue(double value) throws Rejection {
        if (!Double.isFinite(value)) {
            throw new Rejection(DeadLetterReason.NOT_FINITE, "value is " + value);
        }
        if (Math.abs(value) > maxAbsValue) {
            throw new Rejection(DeadLetterReason.ABSURD_MAGNITUDE, "|value| " + value + " exceeds input.maxAbsValue "
                    + maxAbsValue);
        }
    }

    private static double value(JsonParser p, JsonToken v) throws IOException, Rejection {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (v == JsonToken.VALUE_NULL) {
            throw new Rejection(DeadLetterReason.MISSING_FIELD, "value is null");
        }
        throw new Rejection(DeadLetterReason.NON_NUMERIC_VALUE, "value is not a number: " + describe(p, v));
    }

    private static long timestamp(JsonParser p, JsonToken v) throws IOException, Rejection {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            long ms = p.getLongValue();
            if (ms < 0) {
                throw new Rejection(DeadLetterReason.BAD_TIMESTAMP, "ts " + ms + " is before 1970");
            }
            return ms;
        }
        if (v == JsonToken.VALUE_STRING) {
            return parseTime(p.getText());
        }
        if (v == JsonToken.VALUE_NULL) {
            throw new Rejection(DeadLetterReason.MISSING_FIELD, "ts is null");
        }
        throw new Rejection(DeadLetterReason.BAD_TIMESTAMP, "ts must be epoch milliseconds or ISO-8601, got "
                + describe(p, v));
    }

    /** ISO-8601 with offset or Z, or a local date-time (taken as UTC, as in the NAB files). */
    public static long parseTime(String s) throws Rejection {
        String text = s.trim();
        if (withoutOffset(text)) {
            // A local date-time (NAB's form) goes straight to its parser: trying the two zoned forms first threw
            // two exceptions a row, most of the time spent reading a NAB file. If it fails, the forms below decide.
            try {
                return local(text);
            } catch (DateTimeParseException ignored) {
                // as below
            }
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return local(text);
        } catch (DateTimeParseException e) {
            throw new Rejection(DeadLetterReason.BAD_TIMESTAMP, "ts '" + s + "' is not ISO-8601 (e.g. "
                    + "2024-05-01T12:00:00Z) nor epoch milliseconds");
        }
    }

    /** A local date-time, with a space or a T before the time, taken as UTC. */
    private static long local(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** Whether a text has no zone: no Z and no sign after its date (an offset needs one of them). */
    private static boolean withoutOffset(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'Z' || c == 'z' || c == '+' || c == '-' && i > 10) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            case START_OBJECT, START_ARRAY -> {
                p.skipChildren();
                yield v == JsonToken.START_OBJECT ? "an object" : "an array";
            }
            default -> p.getText();
        };
    }
}
