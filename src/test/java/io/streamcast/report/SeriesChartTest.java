package io.streamcast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesChartTest {
    private static long[] everyFiveMinutes(double days) {
        int n = (int) (days * 288);
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_735_689_600_000L + i * 300_000L; // from 2025-01-01T00:00Z
        }
        return ts;
    }

    @Test
    void theTimeAxisNeverPrintsADayTwice() {
        long[] five = everyFiveMinutes(5); // the sample feed: five gaps of just under a day
        assertEquals(List.of("01-01 00:00", "01-01 23:55", "01-02 23:55", "01-03 23:55", "01-04 23:55", "01-05 23:55"),
                SeriesChart.timeLabels(five, five.length));
        long[] month = everyFiveMinutes(30);
        assertEquals(List.of("2025-01-01", "2025-01-06", "2025-01-12", "2025-01-18", "2025-01-24", "2025-01-30"),
                SeriesChart.timeLabels(month, month.length));
    }
}
