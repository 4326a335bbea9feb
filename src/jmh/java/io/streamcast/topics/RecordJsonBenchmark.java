package io.streamcast.topics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.streamcast.bench.AverageTimeBenchmark;
import io.streamcast.engine.Swap;
import java.io.IOException;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * One forecast record to JSON: {@link RecordJson} against the plain way with Jackson's streaming API (field names
 * as Strings, its fast double writer, a reused {@link ByteArrayBuilder}), on the same 1,024 records.
 */
public class RecordJsonBenchmark extends AverageTimeBenchmark {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private final ForecastRecord[] records = new ForecastRecord[1024];
    private final RecordJson json = new RecordJson();
    private final ByteArrayBuilder out = new ByteArrayBuilder(512);
    private int next;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < records.length; i++) {
            double value = 50 + 10 * random.nextGaussian();
            double forecast = value + random.nextGaussian();
            double scale = 0.5 + random.nextDouble();
            records[i] = new ForecastRecord("sensor-" + i, 1_700_000_000_000L + 300_000L * i, value, forecast,
                    forecast - 1.96 * scale, forecast + 1.96 * scale, scale, 3, random.nextDouble() * 3,
                    random.nextDouble(), true, Swap.NONE, null, null);
        }
    }

    @Benchmark
    public byte[] recordJson() {
        return json.write(records[next++ & 1023]);
    }

    @Benchmark
    public byte[] jacksonStreaming() throws IOException {
        ForecastRecord r = records[next++ & 1023];
        out.reset();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("key", r.key());
            g.writeNumberField("ts", r.ts());
            g.writeNumberField("value", r.value());
            g.writeNumberField("forecast", r.forecast());
            g.writeNumberField("lower", r.lower());
            g.writeNumberField("upper", r.upper());
            g.writeNumberField("scale", r.scale());
            g.writeNumberField("modelVersion", r.modelVersion());
            g.writeNumberField("score", r.score());
            g.writeNumberField("likelihood", r.likelihood());
            g.writeBooleanField("warm", r.warm());
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
