package io.streamcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form of ts text gives what trying the three parsers in turn gives, and the same refusals. */
class ParseTimeTest {
    private static Long chain(String s) {
        String text = s.trim();
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void eachFormParsesAsTheChainOfParsersDid() throws Exception {
        List<String> good = List.of("2014-07-01 00:00:00", " 2014-07-01 00:30:00 ", "2014-07-01T00:00:00",
                "2014-07-01T00:00:00.123", "2014-07-01 00:00:00.000000", "2024-05-01T12:00:00Z",
                "2024-05-01T12:00:00.5Z", "2024-05-01T12:00:00+02:00", "2024-05-01T12:00:00-05:30",
                "-2024-05-01T12:00:00", "+12024-05-01T12:00:00", "-12024-05-01T12:00:00", "2024-05-01t12:00:00",
                "2024-05-01 12:00", "2024-05-01T12:00:00-05", "2024-05-01T12:00:00z", "2024-05-01T12:00:00+02",
                "2024-05-01T12:00:00.123456789Z", "\u00a02014-07-01 00:00:00");
        for (String s : good) {
            Long expected = chain(s);
            if (expected == null) {
                assertThrows(ObservationParser.Rejection.class, () -> ObservationParser.parseTime(s), s);
            } else {
                assertEquals(expected, ObservationParser.parseTime(s), s);
            }
        }
        assertEquals(1_404_172_800_000L, ObservationParser.parseTime("2014-07-01 00:00:00"));
    }

    @Test
    void textThatIsNoTimeIsRefusedWithTheSameReason() {
        for (String s : List.of("", "yesterday", "2014-07-01", "2014-13-01 00:00:00", "2014-07-01 25:00:00",
                "2014-07-01 00:00:00 z", "2024-05-01T12:00:00+2")) {
            ObservationParser.Rejection e = assertThrows(ObservationParser.Rejection.class,
                    () -> ObservationParser.parseTime(s), s);
            assertEquals(DeadLetterReason.BAD_TIMESTAMP, e.reason(), s);
        }
    }
}
