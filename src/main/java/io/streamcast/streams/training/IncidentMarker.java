package io.streamcast.streams.training;

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
    static final long NONE = Long.MIN_VALUE;
    private KeyValueStore<Bytes, byte[]> store;

    /**
     * openFrom: start of the open incident or NONE; [closedFrom, closedTo]: the last resolved one; lastSuspect:
     * the last event whose own likelihood reached the alert trigger (known from its forecast record, before
     * any alert about it can arrive).
     */
    record Incidents(long openFrom, long closedFrom, long closedTo, long lastSuspect) {
        static final Incidents EMPTY = new Incidents(NONE, NONE, NONE, NONE);

        boolean overlaps(long from, long to) {
            return openFrom != NONE && to >= openFrom || closedFrom != NONE && from <= closedTo && to >= closedFrom
                    || lastSuspect != NONE && lastSuspect >= from && lastSuspect <= to;
        }

        Incidents suspect(long ts) {
            return new Incidents(openFrom, closedFrom, closedTo, ts);
        }

        byte[] encode() {
            return ByteBuffer.allocate(32).putLong(openFrom).putLong(closedFrom).putLong(closedTo).putLong(lastSuspect)
                    .array();
        }

        static Incidents decode(byte[] b) {
            if (b == null || b.length != 32) {
                return EMPTY;
            }
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new Incidents(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
        }
    }

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
        Incidents now = Incidents.decode(store.get(key));
        if (alert.kind() == AlertRecord.Kind.OPEN) {
            now = new Incidents(ts, now.closedFrom(), now.closedTo(), now.lastSuspect());
        } else if (now.openFrom() != NONE) {
            now = new Incidents(NONE, now.openFrom(), ts, now.lastSuspect());
        }
        store.put(key, now.encode());
    }
}
