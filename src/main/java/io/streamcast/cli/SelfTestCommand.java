package io.streamcast.cli;

import io.streamcast.demo.SineSelfTest;
import io.streamcast.model.CellType;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The seeds' sine example, online, printed as a learning curve against the naive forecast. */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Train each cell online on a sine (period 50) and print its learning curve against the "
                + "naive last-value forecast.")
final class SelfTestCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "5000", description = "Steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--noise", split = ",", defaultValue = "0,0.1",
            description = "Gaussian noise levels to run (default: ${DEFAULT-VALUE}).")
    List<Double> noise;

    @Override
    public Integer call() {
        // Fewer than 100 steps leave no tenth of the run to score and no last stretch to judge.
        if (steps < 100) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--steps must be at least 100, got " + steps);
        }
        for (double n : noise) {
            if (!(n >= 0 && n <= 10)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--noise levels must be in [0, 10] (the sine's amplitude is 1), got " + n);
            }
        }
        int eval = Math.min(1000, steps / 5);
        System.out.printf("Online tBPTT on sin(2πt/%d); MSE of the next-step forecast per tenth of the run, "
                + "as a ratio to the naive forecast's MSE.%n%n", SineSelfTest.PERIOD);
        boolean ok = true;
        for (double n : noise) {
            for (CellType c : CellType.values()) {
                SineSelfTest.Result r = SineSelfTest.run(c, n, steps, eval, 1);
                StringBuilder curve = new StringBuilder();
                for (int i = 0; i < r.segmentMse().size(); i++) {
                    curve.append(String.format(" %6.3f", r.segmentMse().get(i) / r.segmentNaive().get(i)));
                }
                double target = n == 0 ? 0.1 : 0.5;
                boolean pass = r.finalRatio() <= target;
                ok &= pass;
                System.out.printf("%-5s noise %.2f |%s | last %d: %.4f× naive (target ≤ %.1f) %s%n",
                        c.name().toLowerCase(), n, curve, eval, r.finalRatio(), target, pass ? "ok" : "MISSED");
            }
        }
        return ok ? 0 : 1;
    }
}
