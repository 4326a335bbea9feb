package io.streamcast.observe;

import io.streamcast.streams.forecast.ForecastTopology;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The series store of a running forecast application. Keys are located with {@code queryMetadataForKey}
 * and the raw key bytes, hashed as Kafka's Java producers hash them; a key another client's partitioner put
 * elsewhere is searched for by {@link SeriesHandler}. Only active partitions are read (no stale reads from
 * standbys).
 */
final class StreamsSeriesStores implements SeriesStores {
    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's application.server */
    public StreamsSeriesStores(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Owner ownerOf(byte[] key) {
        KeyQueryMetadata m;
        try {
            m = streams.queryMetadataForKey(ForecastTopology.STATE_STORE, Bytes.wrap(key), Serdes.Bytes().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) { // not started yet, or stopped
            return new Unavailable("the application is " + streams.state());
        }
        if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unavailable("partitions are being assigned (state " + streams.state() + ")");
        }
        if (!m.activeHost().equals(self)) {
            return new Remote(address(m.activeHost()));
        }
        try {
            return new Local(streams.store(StoreQueryParameters.fromNameAndType(ForecastTopology.STATE_STORE,
                    QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(m.partition())));
        } catch (InvalidStateStoreException e) {
            return new Unavailable("partition " + m.partition() + " is not queryable here yet (restoring or "
                    + "migrating): " + e.getMessage());
        }
    }

    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> local() {
        return streams.store(StoreQueryParameters.fromNameAndType(ForecastTopology.STATE_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public List<String> others() {
        try {
            return streams.streamsMetadataForStore(ForecastTopology.STATE_STORE).stream()
                    .map(StreamsMetadata::hostInfo).filter(h -> !h.equals(self)).map(StreamsSeriesStores::address)
                    .sorted().toList();
        } catch (IllegalStateException | InvalidStateStoreException e) { // not started yet, or stopped
            return List.of();
        }
    }

    @Override
    public String self() {
        return address(self);
    }

    private static String address(HostInfo h) {
        return h.host() + ":" + h.port();
    }
}
