package ru.civicpulse.classifier;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.List;

/** Fits one liblinear layer: L2-loss linear SVM, one-vs-rest, with damped inverse-frequency class weights. */
final class LayerFit {
    static {
        Linear.disableDebugOutput();
    }

    private LayerFit() {
    }

    /** One linear layer on {@code rows} (each repeated {@code weight[row]} times) with labels {@code y}. */
    static LinearLayer fit(Feature[][] x, int[] rows, int[] weight, int[] y, int features, int classes, double c,
            double weightPower, TrainingOptions options) {
        int l = 0;
        for (int r : rows) {
            l += weight[r];
        }
        Feature[][] px = new Feature[l][];
        double[] py = new double[l];
        int k = 0;
        for (int r : rows) {
            for (int w = 0; w < weight[r]; w++) {
                px[k] = x[r];
                py[k++] = y[r];
            }
        }
        Problem problem = new Problem();
        problem.l = l;
        problem.n = features + 1;
        problem.x = px;
        problem.y = py;
        problem.bias = 1.0;
        SolverType solver = TrainingOptions.CRAMMER_SINGER.equals(options.solver()) ? SolverType.MCSVM_CS : SolverType.L2R_L2LOSS_SVC_DUAL;
        Parameter parameter = new Parameter(solver, c, 0.1);
        parameter.setRandom(new java.util.Random(1)); // own generator: reproducible, and safe when fits run in parallel
        if (options.balanced()) {
            int[] counts = new int[classes];
            for (double v : py) {
                counts[(int) v]++;
            }
            List<Integer> present = new ArrayList<>();
            for (int cl = 0; cl < classes; cl++) {
                if (counts[cl] > 0) {
                    present.add(cl);
                }
            }
            double[] weights = new double[present.size()];
            int[] labels = new int[present.size()];
            for (int i = 0; i < present.size(); i++) {
                int cl = present.get(i);
                labels[i] = cl;
                // inverse frequency, damped by the power (0.5 = square root): rare classes get more weight
                // without swamping the common ones
                double inverse = (double) l / (present.size() * counts[cl]);
                weights[i] = weightPower == 0.5 ? Math.sqrt(inverse) : Math.pow(inverse, weightPower);
            }
            parameter.setWeights(weights, labels);
        }
        if (l == 0) {
            throw new IllegalArgumentException("no examples to fit");
        }
        Model model = Linear.train(problem, parameter);
        return LinearLayer.fromLiblinear(model, classes, features);
    }
}
