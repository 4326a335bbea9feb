package io.streamcast.cli;

import io.streamcast.topics.TopicSerdes;
import io.streamcast.data.SeriesCsv;
import io.streamcast.feeds.Pacer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Feeds a topic from CSV, one JSON observation per row, keyed by series. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send CSV rows (key,ts,value, or timestamp,value with the file name as key) to a topic as "
                + "{\"ts\",\"value\"} JSON records keyed by series.")
final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--file", required = true, description = "CSV file or folder of CSV files.")
    Path file;

    @Option(names = "--topic", required = true, description = "Topic to write to.")
    String topic;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0 sends as fast as possible (default).")
    double rate;

    @Override
    public Integer call() throws Exception {
        List<SeriesCsv.Row> rows = new ArrayList<>();
        for (Path f : SeriesCsv.files(file)) {
            rows.addAll(SeriesCsv.read(f));
        }
        Properties p = new Properties();
        kafka.clientProps().forEach(p::put);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapOrDefault());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer()); ProgressBar bar = Progress.bar("produce", rows.size(), "records")) {
            Pacer pacer = new Pacer(rate);
            for (int i = 0; i < rows.size() && failure.get() == null; i++) {
                pacer.await(i);
                SeriesCsv.Row r = rows.get(i);
                byte[] value = TopicSerdes.observationJson(r.ts(), r.value());
                producer.send(new ProducerRecord<>(topic, r.key().getBytes(StandardCharsets.UTF_8), value),
                        (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                bar.step();
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("sending to " + topic + " failed: " + failure.get().getMessage());
        }
        System.out.printf("sent %d records to %s in %.1f s%n", rows.size(), topic, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
