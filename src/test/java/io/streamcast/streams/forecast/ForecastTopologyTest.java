package io.streamcast.streams.forecast;

import io.streamcast.model.LiveStateCodec;
import io.streamcast.model.SeriesState;
import io.streamcast.topics.RecordJson;
import io.streamcast.topics.ForecastRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ForecastTopologyTest {
    @Test
    void oneForecastPerEventInOrderPerKey() throws Exception {
        try (TopologyFixture f = new TopologyFixture()) {
            f.sendSignal("sensor-", 3, 0, 200);
            List<KeyValue<byte[], byte[]>> out = f.forecasts.readKeyValuesToList();
            assertEquals(600, out.size());
            Map<String, Long> lastTs = new HashMap<>();
            int warm = 0;
            for (KeyValue<byte[], byte[]> kv : out) {
                ForecastRecord n = RecordJson.readForecast(kv.value);
                String key = TopologyFixture.text(kv.key);
                assertEquals(key, n.key());
                long ts = n.ts();
                assertTrue(ts > lastTs.getOrDefault(key, Long.MIN_VALUE), "order per key");
                lastTs.put(key, ts);
                double lo = n.lower();
                double hi = n.upper();
                double fc = n.forecast();
                assertTrue(lo < fc && fc < hi, "interval around the forecast: " + n);
                assertEquals(0, n.modelVersion());
                if (n.warm()) {
                    warm++;
                    assertTrue(Double.isFinite(n.score()) && Double.isFinite(n.likelihood()), n.toString());
                }
            }
            assertTrue(warm > 400, "most forecasts are past warm-up: " + warm);
            assertTrue(f.deadLetters.isEmpty());
        }
    }

    @Test
    void theRecordCacheChangesNothingTheTopologyEmits() {
        io.streamcast.spec.PipelineSpec eos = io.streamcast.spec.SpecLoader.load(TopologyFixture.SENSORS);
        io.streamcast.spec.PipelineSpec alos = eos.withGuarantee("at_least_once");
        assertEquals(0, eos.processing().recordCacheBytes());
        assertTrue(alos.processing().recordCacheBytes() > 0, "at-least-once stores are cached");
        List<List<byte[]>> runs = new ArrayList<>();
        for (io.streamcast.spec.PipelineSpec spec : List.of(eos, alos)) {
            try (TopologyFixture f = new TopologyFixture(spec, ProcessorHooks.NONE)) {
                f.sendSignal("sensor-", 3, 0, 120);
                runs.add(f.forecasts.readValuesToList());
                KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(ForecastTopology.STATE_STORE);
                KeyValueStore<Bytes, byte[]> rings = f.driver.getKeyValueStore(ForecastTopology.RING_STORE);
                SeriesState last = LiveStateCodec.decode(store.get(Bytes.wrap("sensor-1".getBytes())),
                        slot -> rings.get(Bytes.wrap(LiveStateCodec.ringKey("sensor-1".getBytes(), slot))));
                assertEquals(120, last.steps(), "the store (read through the cache) holds every step");
            }
        }
        assertEquals(360, runs.get(0).size());
        assertEquals(runs.get(0).size(), runs.get(1).size());
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertTrue(java.util.Arrays.equals(runs.get(0).get(i), runs.get(1).get(i)), "forecast " + i);
        }
    }

    @Test
    void stateIsAllThatCarriesOverBetweenDrivers() {
        List<byte[]> straight = new ArrayList<>();
        try (TopologyFixture f = new TopologyFixture()) {
            for (int t = 0; t < 150; t++) {
                f.send("a", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
                f.send("b", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(1, t));
            }
            f.forecasts.readValuesToList().forEach(straight::add);
        }
        List<byte[]> resumed = new ArrayList<>();
        Map<String, Map<Bytes, byte[]>> saved = new HashMap<>();
        List<String> stores = List.of(ForecastTopology.STATE_STORE, ForecastTopology.RING_STORE);
        try (TopologyFixture f = new TopologyFixture()) {
            for (int t = 0; t < 90; t++) {
                f.send("a", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
                f.send("b", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(1, t));
            }
            f.forecasts.readValuesToList().forEach(resumed::add);
            for (String name : stores) {
                KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(name);
                try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                    it.forEachRemaining(kv -> saved.computeIfAbsent(name, n -> new HashMap<>()).put(kv.key, kv.value));
                }
            }
        }
        assertEquals(2 * (90 / LiveStateCodec.SEGMENT), saved.get(ForecastTopology.RING_STORE).size(),
                "90 steps wrote both keys' ring segments");
        try (TopologyFixture f = new TopologyFixture()) {
            for (String name : stores) {
                KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(name);
                saved.get(name).forEach(store::put);
            }
            for (int t = 90; t < 150; t++) {
                f.send("a", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
                f.send("b", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(1, t));
            }
            f.forecasts.readValuesToList().forEach(resumed::add);
        }
        assertEquals(straight.size(), resumed.size());
        for (int i = 0; i < straight.size(); i++) {
            assertEquals(TopologyFixture.text(straight.get(i)), TopologyFixture.text(resumed.get(i)), "record " + i);
        }
    }

    /**
     * The sensors spec's key (GRU-32, a ring of 256 inputs) writes at most a kilobyte with each event; a segment of
     * its ring goes to its own record every LiveStateCodec.SEGMENT steps, and they read back as the key's full ring.
     */
    @Test
    void eachEventWritesAKilobyteAtMostAndTheRingEveryFewSteps() {
        try (TopologyFixture f = new TopologyFixture()) {
            KeyValueStore<Bytes, byte[]> heads = f.driver.getKeyValueStore(ForecastTopology.STATE_STORE);
            KeyValueStore<Bytes, byte[]> rings = f.driver.getKeyValueStore(ForecastTopology.RING_STORE);
            byte[] keyBytes = TopologyFixture.bytes("a");
            Bytes key = Bytes.wrap(keyBytes);
            int events = 400;
            int slots = LiveStateCodec.slots(f.spec.model().window());
            byte[][] seen = new byte[slots][];
            int segmentWrites = 0;
            int largest = 0;
            for (int t = 0; t < events; t++) {
                f.send("a", TopologyFixture.T0 + t * TopologyFixture.STEP, TopologyFixture.signal(0, t));
                largest = Math.max(largest, heads.get(key).length);
                for (int slot = 0; slot < slots; slot++) {
                    byte[] now = rings.get(Bytes.wrap(LiveStateCodec.ringKey(keyBytes, slot)));
                    if (now != null && !java.util.Arrays.equals(now, seen[slot])) {
                        segmentWrites++;
                        seen[slot] = now;
                        assertTrue(now.length <= 16 * LiveStateCodec.SEGMENT + 32, "a segment is " + now.length);
                    }
                }
            }
            assertTrue(largest <= 1024, "the head written with every event is " + largest + " bytes");
            assertEquals(events / LiveStateCodec.SEGMENT, segmentWrites, "ring segments written");
            assertNull(rings.get(key), "no whole-ring record");
            SeriesState s = LiveStateCodec.decode(heads.get(key),
                    slot -> rings.get(Bytes.wrap(LiveStateCodec.ringKey(keyBytes, slot))));
            int window = f.spec.model().window();
            assertEquals(window, s.windowSize());
            for (int i = 0; i < window; i++) {
                assertEquals(TopologyFixture.T0 + (events - window + i) * TopologyFixture.STEP, s.windowTime(i));
            }
        }
    }
}
