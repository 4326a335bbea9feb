package io.streamcast.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.streams.HangingTransactions.Held;
import io.streamcast.streams.HangingTransactions.Open;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Which open transactions are hanging: only those their coordinator does not hold in flight on that partition at
 * that epoch. A live instance's transaction is never taken for one.
 */
class HangingTransactionsTest {
    private static final TopicPartition P3 = new TopicPartition("sensors.forecasts", 3);
    private static final TopicPartition P0 = new TopicPartition("sensors.forecasts", 0);

    @Test
    void anAbortWhoseMarkersWereSkippedLeavesAHangingTransaction() {
        // As seen after a crash: the coordinator completed the abort (nothing in flight), the partition is open.
        Open open = new Open(P3, 0, 12, 0, 7809);
        assertEquals(List.of(open), HangingTransactions.hanging(List.of(open),
                Map.of(0L, new Held(13, false, Set.of()))));
    }

    @Test
    void aProducerTheCoordinatorHasForgottenIsHanging() {
        Open open = new Open(P3, 42, 3, 0, 100);
        assertEquals(List.of(open), HangingTransactions.hanging(List.of(open), Map.of()));
    }

    @Test
    void anOlderEpochOrAPartitionOutsideTheTransactionInFlightIsHanging() {
        Open older = new Open(P3, 0, 4, 0, 100);
        Open outside = new Open(P0, 0, 5, 0, 100);
        assertEquals(List.of(older, outside), HangingTransactions.hanging(List.of(older, outside),
                Map.of(0L, new Held(5, true, Set.of(P3)))));
    }

    @Test
    void aLiveTransactionIsLeftAlone() {
        Open live = new Open(P3, 7, 2, 0, 500);
        assertEquals(List.of(), HangingTransactions.hanging(List.of(live),
                Map.of(7L, new Held(2, true, Set.of(P3, P0)))));
    }
}
