package io.streamcast.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.Observation;
import io.streamcast.engine.Swap;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicSerdesTest {
    @Test
    void observationsRoundTripAsThePipelineReadsThemAndBadOnesFailDeserialization() {
        Serde<Observation> serde = TopicSerdes.observations();
        Observation o = new Observation(1_700_000_000_000L, -3.25);
        byte[] bytes = serde.serializer().serialize("t", o);
        assertEquals("{\"ts\":1700000000000,\"value\":-3.25}", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(o, serde.deserializer().deserialize("t", bytes));
        assertEquals(new Observation(1_700_000_000_000L, 2.0), serde.deserializer().deserialize("t",
                "{\"ts\":\"2023-11-14T22:13:20Z\",\"value\":2}".getBytes(StandardCharsets.UTF_8)));
        assertNull(serde.deserializer().deserialize("t", null));
        assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t",
                "{\"ts\":1,".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneWriterGivesEachRecordItsOwnBytesWithNothingBetweenThemAndDoublesReadBackExactly() {
        RecordJson json = new RecordJson();
        ForecastRecord f = new ForecastRecord("k", 5, 0.1 + 0.2, 1e-7 / 3, Double.NaN, 1e21 / 7, 2.5, 3, 0.0, 1.0, true,
                Swap.REWARMED, null);
        AlertRecord a = new AlertRecord("k", 6, AnomalyResult.Alert.OPENED, -4.0, 1.0 / 3, 0.25, 9.5, 7.0, 0.999999,
                AnomalyResult.Severity.CRITICAL, AnomalyResult.Cause.SURPRISE, null);
        for (int i = 0; i < 3; i++) {
            byte[] fb = json.write(f);
            assertEquals('{', (char) fb[0], "no separator before a record");
            assertEquals(f, RecordJson.readForecast(fb));
            byte[] ab = json.write(a);
            assertEquals('{', (char) ab[0]);
            assertEquals(a, RecordJson.readAlert(ab));
        }
    }
}
