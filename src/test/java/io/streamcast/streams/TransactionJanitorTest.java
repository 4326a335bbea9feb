package io.streamcast.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TransactionJanitorTest {
    private final HangingTransactions.Open a = new HangingTransactions.Open(new TopicPartition("t", 0), 7, 0, 1, 100);
    private final HangingTransactions.Open b = new HangingTransactions.Open(new TopicPartition("t", 1), 7, 0, 1, 200);

    @Test
    void abortsOnlyWhatHasHungLongerThanATransactionMayLive() {
        long now = 100_000;
        Map<HangingTransactions.Open, Long> seen = Map.of(a, now - TransactionJanitor.CONFIRM_MS,
                b, now - TransactionJanitor.CONFIRM_MS + 1);
        assertEquals(List.of(a), TransactionJanitor.confirmed(seen, now));
    }

    @Test
    void aTransactionFirstSeenNowIsOnlySuspected() {
        assertEquals(List.of(), TransactionJanitor.confirmed(Map.of(a, 5L), 5L));
    }
}
