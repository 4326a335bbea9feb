package io.streamcast.streams.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.topics.DeadLetters;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A far-future timestamp must not poison a key: once accepted, every later real event of the key would be
 * "out of order". Each kind is dead-lettered, and the key's next real events are forecast as if it never came.
 */
class TimestampPoisoningTest {
    private static long ts(int t) {
        return TopologyFixture.T0 + t * TopologyFixture.STEP;
    }

    @Test
    void farFutureTimestampsAreDeadLetteredAndTheKeyGoesOn() {
        try (TopologyFixture f = new TopologyFixture()) {
            byte[] key = TopologyFixture.bytes("k");
            for (int t = 0; t < 50; t++) {
                f.send("k", ts(t), TopologyFixture.signal(0, t));
            }
            f.forecasts.readValuesToList();
            String[] poison = {
                    "{\"ts\":" + ts(50) * 1000 + ",\"value\":1.0}",            // microseconds
                    "{\"ts\":" + Long.MAX_VALUE + ",\"value\":1.0}",
                    "{\"ts\":\"9999-12-31T00:00:00Z\",\"value\":1.0}",
                    "{\"ts\":" + ts(50) + ",\"ts\":" + ts(50) * 1000 + ",\"value\":1.0}", // which ts is meant?
            };
            for (String p : poison) {
                f.sendRaw(key, p);
            }
            List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
            assertEquals(poison.length, dead.size());
            for (int i = 0; i < 3; i++) {
                assertEquals("bad-timestamp", DeadLetters.reason(dead.get(i).headers()), poison[i]);
                assertTrue(DeadLetters.header(dead.get(i).headers(), DeadLetters.DETAIL_HEADER)
                        .contains("input.maxFutureMs"), poison[i]);
            }
            assertEquals("malformed-json", DeadLetters.reason(dead.get(3).headers()));
            assertTrue(DeadLetters.header(dead.get(3).headers(), DeadLetters.DETAIL_HEADER).contains("'ts' is given twice"));
            assertTrue(f.forecasts.isEmpty(), "no forecast for a poisoned record");
            for (int t = 50; t < 60; t++) {
                f.send("k", ts(t), TopologyFixture.signal(0, t));
            }
            assertEquals(10, f.forecastRecords().size(), "the key's real events go on");
            assertTrue(f.deadLetters.isEmpty(), "none of them out of order");
        }
    }

    @Test
    void aTimestampAheadOfItsRecordWithinTheSkewIsAccepted() {
        try (TopologyFixture f = new TopologyFixture()) {
            long recordTime = ts(10);
            // An hour ahead of the record's own time: clocks differ; input.maxFutureMs (a day) allows it.
            f.in.pipeInput(TopologyFixture.bytes("k"),
                    TopologyFixture.bytes("{\"ts\":" + (recordTime + 3_600_000L) + ",\"value\":1.0}"), recordTime);
            // A day and a second ahead of it: refused.
            f.in.pipeInput(TopologyFixture.bytes("j"),
                    TopologyFixture.bytes("{\"ts\":" + (recordTime + 86_401_000L) + ",\"value\":1.0}"), recordTime);
            assertEquals(1, f.forecastRecords().size());
            List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("bad-timestamp", DeadLetters.reason(dead.get(0).headers()));
        }
    }
}
