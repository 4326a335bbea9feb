package io.streamcast.example;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.streams.forecast.Forecasting;
import io.streamcast.topics.TopicSerdes;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/** The library example of src/site/markdown/library.md, which must show exactly the lines between the markers. */
public final class PlantMonitor {
    private PlantMonitor() {
    }

    // example:start
    public static Topology build(Path spec, MeterRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> readings = builder.stream("plant.readings",
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Forecasting.Branches f = Forecasting.add(builder, readings, spec, registry);
        f.forecasts().to("plant.forecasts", Produced.with(Serdes.String(), TopicSerdes.forecasts()));
        // Page on critical alerts only; the rest go to the dashboard through the forecasts.
        f.alerts().filter((series, alert) -> alert.severity() == AnomalyResult.Severity.CRITICAL)
                .to("plant.pages", Produced.with(Serdes.String(), TopicSerdes.alerts()));
        f.deadLetters().to("plant.readings.rejected", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }
    // example:end
}
