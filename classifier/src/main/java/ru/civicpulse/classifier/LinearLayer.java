package ru.civicpulse.classifier;

import de.bwaldvogel.liblinear.Model;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Weights of one linear multi-class model, feature-major ({@code weights[f * classes + c]}) so that
 * scoring a sparse vector reads each feature's row contiguously. Weights are quantised to 8 bits
 * with one scale per class: a quarter of the memory and file size of floats, no measurable loss.
 */
final class LinearLayer {
    final int classes;
    final int features;
    final byte[] weights;
    final float[] scale;
    final float[] bias;

    LinearLayer(int classes, int features, byte[] weights, float[] scale, float[] bias) {
        this.classes = classes;
        this.features = features;
        this.weights = weights;
        this.scale = scale;
        this.bias = bias;
    }

    static LinearLayer quantise(int classes, int features, float[] weights, float[] bias) {
        float[] max = new float[classes];
        for (int i = 0; i < weights.length; i++) {
            int c = i % classes;
            max[c] = Math.max(max[c], Math.abs(weights[i]));
        }
        float[] scale = new float[classes];
        for (int c = 0; c < classes; c++) {
            scale[c] = max[c] > 0 ? max[c] / 127f : 1f;
        }
        byte[] q = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            q[i] = (byte) Math.round(weights[i] / scale[i % classes]);
        }
        return new LinearLayer(classes, features, q, scale, bias);
    }

    /** Converts a liblinear model whose labels are class ids 0..classes-1 into class-id order. */
    static LinearLayer fromLiblinear(Model model, int classes, int features) {
        int[] labels = model.getLabels();
        double[] w = model.getFeatureWeights();
        int nrClass = model.getNrClass();
        // liblinear keeps one weight column for two classes (the first label's), and nr_class columns otherwise.
        int columns = nrClass == 2 && model.getSolverType() != de.bwaldvogel.liblinear.SolverType.MCSVM_CS ? 1 : nrClass;
        float[] weights = new float[features * classes];
        float[] bias = new float[classes];
        java.util.Arrays.fill(bias, -1e3f); // classes absent from training never win
        boolean hasBias = model.getBias() >= 0;
        for (int k = 0; k < nrClass; k++) {
            int cls = labels[k];
            int column = columns == 1 ? 0 : k;
            float sign = columns == 1 && k == 1 ? -1f : 1f;
            for (int f = 0; f < features; f++) {
                weights[f * classes + cls] = sign * (float) w[f * columns + column];
            }
            bias[cls] = hasBias ? sign * (float) (w[features * columns + column] * model.getBias()) : 0f;
        }
        if (nrClass == 1) {
            bias[labels[0]] = 1f;
        }
        return quantise(classes, features, weights, bias);
    }

    /**
     * The same layer with feature rows and classes (columns) reordered: row i of the result is row
     * {@code rows[i]} of this one, class i is class {@code columns[i]} ({@code null}: classes as they are).
     */
    LinearLayer permuted(int[] rows, int[] columns) {
        byte[] w = new byte[weights.length];
        float[] sc = scale;
        float[] b = bias;
        if (columns == null) {
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(weights, rows[i] * classes, w, i * classes, classes);
            }
        } else {
            sc = new float[classes];
            b = new float[classes];
            for (int c = 0; c < classes; c++) {
                sc[c] = scale[columns[c]];
                b[c] = bias[columns[c]];
            }
            for (int i = 0; i < rows.length; i++) {
                int from = rows[i] * classes;
                int to = i * classes;
                for (int c = 0; c < classes; c++) {
                    w[to + c] = weights[from + columns[c]];
                }
            }
        }
        return new LinearLayer(classes, features, w, sc, b);
    }

    /**
     * Decision values of a liblinear row (1-based feature indices, already normalised) exactly as
     * {@link TopicModel} computes them at prediction time: indices beyond the layer (the bias
     * feature) are skipped, the bias is added.
     */
    float[] decide(de.bwaldvogel.liblinear.Feature[] row) {
        float[] out = new float[classes];
        for (de.bwaldvogel.liblinear.Feature f : row) {
            int idx = f.getIndex() - 1;
            if (idx >= features) {
                continue;
            }
            float v = (float) f.getValue();
            int base = idx * classes;
            for (int c = 0; c < classes; c++) {
                out[c] += v * weights[base + c];
            }
        }
        for (int c = 0; c < classes; c++) {
            out[c] = out[c] * scale[c] + bias[c];
        }
        return out;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(classes);
        out.writeInt(features);
        writeFloats(out, bias);
        writeFloats(out, scale);
        out.write(weights);
    }

    static LinearLayer read(DataInputStream in) throws IOException {
        int classes = in.readInt();
        int features = in.readInt();
        float[] bias = readFloats(in, classes);
        float[] scale = readFloats(in, classes);
        byte[] weights = new byte[classes * features];
        in.readFully(weights);
        return new LinearLayer(classes, features, weights, scale, bias);
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * 4);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    static float[] readFloats(DataInputStream in, int count) throws IOException {
        byte[] bytes = new byte[count * 4];
        in.readFully(bytes);
        float[] values = new float[count];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }
}
