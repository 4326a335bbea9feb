package io.streamcast.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.CellType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Online tBPTT learns a sine (period 50) far better than the naive last-value forecast. */
class SineLearningTest {
    @ParameterizedTest
    @EnumSource(CellType.class)
    void cleanSineBeatsNaiveTenfold(CellType cell) {
        SineSelfTest.Result r = SineSelfTest.run(cell, 0.0, 5000, 1000, 1);
        print(r);
        assertTrue(r.finalRatio() <= 0.1, cell + ": model/naive MSE " + r.finalRatio() + " > 0.1");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void noisySineBeatsNaiveByHalf(CellType cell) {
        SineSelfTest.Result r = SineSelfTest.run(cell, 0.1, 5000, 1000, 1);
        print(r);
        assertTrue(r.finalRatio() <= 0.5, cell + ": model/naive MSE " + r.finalRatio() + " > 0.5");
        assertTrue(r.finalRatio() > 0.3, "better than the noise allows (" + r.finalRatio() + "): the check is broken");
    }

    private static void print(SineSelfTest.Result r) {
        System.out.printf("sine %s noise=%.1f: last 1000 steps MSE %.5f vs naive %.5f = %.4fx (updates %d accepted, %d rejected)%n",
                r.cell(), r.noise(), r.finalMse(), r.finalNaive(), r.finalRatio(), r.accepted(), r.rejected());
    }
}
