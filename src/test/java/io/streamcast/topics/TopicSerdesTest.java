package io.streamcast.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.engine.Observation;
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
}
