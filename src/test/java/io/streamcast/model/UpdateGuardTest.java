package io.streamcast.model;

import io.streamcast.training.OnlineLearner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guard rejects exploding or poisoned updates and leaves weights and Adam state exactly as they were. */
class UpdateGuardTest {
    private final NetworkShape shape = new NetworkShape(CellType.GRU, 2, 8, 1);
    private final int len = 16;

    private double[][] inputs() {
        double[][] x = new double[len][2];
        for (int t = 0; t < len; t++) {
            x[t][0] = Math.sin(t * 0.3);
            x[t][1] = 0.1;
        }
        return x;
    }

    private double[] targets() {
        double[] y = new double[len];
        for (int t = 0; t < len; t++) {
            y[t] = Math.sin((t + 1) * 0.3);
        }
        return y;
    }

    @Test
    void sensibleUpdateIsAccepted() {
        TbpttTrainer trainer = new TbpttTrainer(shape, TrainerConfig.defaults().withWindows(len, len));
        Weights w = Weights.initial(shape, 3);
        AdamState adam = new AdamState(shape.parameterCount());
        UpdateResult r = trainer.update(w, adam, new double[shape.stateSize()], inputs(), targets(), len);
        assertTrue(r.accepted(), r.reason());
        assertEquals(1, r.weights().version());
        assertEquals(1, adam.steps());
    }

    @Test
    void absurdLearningRateIsRejectedAndNothingChanges() {
        TbpttTrainer trainer = new TbpttTrainer(shape, TrainerConfig.defaults().withWindows(len, len).withLearningRate(1e3));
        Weights w = Weights.initial(shape, 3);
        double[] before = w.toArray();
        AdamState adam = new AdamState(shape.parameterCount());
        UpdateResult r = trainer.update(w, adam, new double[shape.stateSize()], inputs(), targets(), len);
        System.out.println("rejected: " + r.reason());
        assertFalse(r.accepted());
        assertTrue(r.reason().contains("loss"), r.reason());
        assertSame(w, r.weights());
        assertArrayEquals(before, w.toArray());
        assertEquals(0, adam.steps());
        assertArrayEquals(new double[shape.parameterCount()], adam.firstMoment());
    }

    @Test
    void poisonedWindowIsRejected() {
        TbpttTrainer trainer = new TbpttTrainer(shape, TrainerConfig.defaults().withWindows(len, len));
        Weights w = Weights.initial(shape, 3);
        double[] before = w.toArray();
        AdamState adam = new AdamState(shape.parameterCount());
        double[][] x = inputs();
        x[5][0] = Double.NaN;
        UpdateResult r = trainer.update(w, adam, new double[shape.stateSize()], x, targets(), len);
        assertFalse(r.accepted());
        assertTrue(r.reason().contains("not finite"), r.reason());
        assertArrayEquals(before, r.weights().toArray());
        double[] y = targets();
        y[3] = Double.POSITIVE_INFINITY;
        UpdateResult r2 = trainer.update(w, adam, new double[shape.stateSize()], inputs(), y, len);
        assertFalse(r2.accepted());
        assertEquals(0, adam.steps());
    }

    @Test
    void onlineLearnerCountsRejections() {
        OnlineLearner learner = new OnlineLearner(Weights.initial(shape, 3),
                TrainerConfig.defaults().withWindows(4, 8));
        double[] row = {0.5, 0.1};
        for (int i = 0; i < 8; i++) {
            learner.add(row, i == 2 ? Double.NaN : 0.4);
        }
        assertEquals(1, learner.rejectedUpdates());
        assertEquals(0, learner.acceptedUpdates());
        assertEquals(0, learner.weights().version());
    }
}
