package org.provhooks.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.provhooks.core.ml.MlRun;

/**
 * The training step of the Nextflow example: fits a one-feature logistic model by gradient descent on a CSV
 * ({@code x,y}) and records the run with the core's yProv4ML writer: parameters, per-epoch loss and accuracy
 * (Training) and loss (Validation), the data as input and the model file as output artifact.
 *
 * <pre>
 * java -cp examples-all.jar org.provhooks.examples.Trainer samples.csv 5 model.txt
 * </pre>
 *
 * The run document goes to {@code prov/train_<n>/prov_train_GR0_<n>.json} in the working directory, where
 * nf-provhooks finds it and links it to its task.
 */
public final class Trainer {
    private Trainer() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Path model = Path.of(args[2]);
        List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        double[][] rows = lines.stream()
                .skip(1)
                .filter(l -> !l.isBlank())
                .map(l -> l.split(","))
                .map(f -> new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])})
                .toArray(double[][]::new);
        int split = rows.length * 4 / 5;
        double w = 0;
        double b = 0;
        double lr = 0.5;
        try (MlRun run = MlRun.start(Path.of("prov"), "train")) {
            run.logParam("epochs", epochs).logParam("learning_rate", lr).logParam("rows", rows.length);
            run.logArtifact(data, MlRun.Direction.INPUT);
            for (int epoch = 0; epoch < epochs; epoch++) {
                double gw = 0;
                double gb = 0;
                for (int i = 0; i < split; i++) {
                    double p = 1 / (1 + Math.exp(-(w * rows[i][0] + b)));
                    gw += (p - rows[i][1]) * rows[i][0];
                    gb += p - rows[i][1];
                }
                w -= lr * gw / split;
                b -= lr * gb / split;
                run.logMetric("loss", loss(rows, 0, split, w, b), MlRun.TRAINING, epoch);
                run.logMetric("accuracy", accuracy(rows, 0, split, w, b), MlRun.TRAINING, epoch);
                run.logMetric("loss", loss(rows, split, rows.length, w, b), MlRun.VALIDATION, epoch);
            }
            Files.writeString(model, "w=" + w + "\nb=" + b + "\n");
            run.logModel(model);
            System.out.println("trained on " + rows.length + " rows; run document " + run.endRun());
        }
    }

    private static double loss(double[][] rows, int from, int to, double w, double b) {
        double l = 0;
        for (int i = from; i < to; i++) {
            double p = Math.min(1 - 1e-9, Math.max(1e-9, 1 / (1 + Math.exp(-(w * rows[i][0] + b)))));
            l -= rows[i][1] * Math.log(p) + (1 - rows[i][1]) * Math.log(1 - p);
        }
        return l / Math.max(1, to - from);
    }

    private static double accuracy(double[][] rows, int from, int to, double w, double b) {
        int ok = 0;
        for (int i = from; i < to; i++) {
            ok += ((w * rows[i][0] + b) > 0) == (rows[i][1] > 0.5) ? 1 : 0;
        }
        return ok / (double) Math.max(1, to - from);
    }
}
