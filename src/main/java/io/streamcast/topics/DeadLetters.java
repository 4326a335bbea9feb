package io.streamcast.topics;

import io.streamcast.engine.DeadLetterReason;
import io.streamcast.engine.EventOutcome;
import io.streamcast.model.Labels;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Dead letters keep the original key and bytes; headers say why and where the record came from. */
public final class DeadLetters {
    public static final String REASON_HEADER = "streamcast.reason";
    public static final String DETAIL_HEADER = "streamcast.detail";
    public static final String SOURCE_HEADER = "streamcast.source";

    private DeadLetters() {
    }

    public static Record<byte[], byte[]> annotate(Record<byte[], byte[]> record, DeadLetterReason reason, String detail,
                                           ProcessorContext<?, ?> ctx) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON_HEADER, reason.code().getBytes(StandardCharsets.UTF_8));
        headers.add(DETAIL_HEADER, String.valueOf(detail).getBytes(StandardCharsets.UTF_8));
        ctx.recordMetadata().map(DeadLetters::source)
                .ifPresent(s -> headers.add(SOURCE_HEADER, s.getBytes(StandardCharsets.UTF_8)));
        return new Record<>(record.key(), record.value(), record.timestamp(), headers);
    }

    private static String source(RecordMetadata m) {
        return source(m.topic(), m.partition(), m.offset());
    }

    /** Where a record was read, as the source header names it: {@code topic-partition@offset}. */
    public static String source(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    /** The reason code of a dead letter's headers, or null. */
    public static String reason(Headers headers) {
        return header(headers, REASON_HEADER);
    }

    /** Why the pipeline rejected a dead letter's record, typed as the engine said it. */
    public static EventOutcome.Rejected rejection(Headers headers) {
        return new EventOutcome.Rejected(Labels.parse(DeadLetterReason.class, reason(headers),
                DeadLetterReason::code, "dead-letter reason"), header(headers, DETAIL_HEADER));
    }

    public static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
