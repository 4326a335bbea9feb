package io.streamcast.streams.training;

import io.streamcast.training.IncidentSpans;
import io.streamcast.model.CorruptDataException;
import io.streamcast.topics.AlertRecord;
import io.streamcast.topics.RecordJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the forecast pipeline's alerts and keeps, per key, the open incident's start and the last closed
 * incident's span, so the training side can skip windows that saw one (the model should not learn an
 * incident as normal).
 */
final class IncidentMarker implements Processor<byte[], byte[], Void, Void> {
    private KeyValueStore<Bytes, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TrainingTopology.INCIDENT_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        AlertRecord alert;
        try {
            alert = RecordJson.readAlert(record.value());
        } catch (CorruptDataException e) {
            return; // not ours to judge: the alerts topic is written by the forecast pipeline
        }
        long ts = alert.ts();
        Bytes key = Bytes.wrap(record.key());
        IncidentSpans now = IncidentSpans.decode(store.get(key));
        store.put(key, now.after(alert.kind(), ts).encode());
    }
}
