package dev.mtfengine.properties;

import static dev.mtfengine.properties.Gens.axis;
import static dev.mtfengine.properties.Gens.axisCodes;
import static dev.mtfengine.properties.Gens.dims;
import static dev.mtfengine.properties.Gens.seeds;
import static dev.mtfengine.properties.Gens.values;

import dev.mtfengine.tensor.GradCheck;
import dev.mtfengine.tensor.GradCheck.Domain;
import dev.mtfengine.tensor.GradCheck.Range;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Composites;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Case generators for {@link Composites}, checked with {@link GradCheck#DEFAULT_TOLERANCE}. */
final class CompositeCases {
  private CompositeCases() {}

  /**
   * std's third derivative grows like 1/std^2, so its values keep 0.02 apart on [-4, 4]: std stays
   * above about 0.01 and the central differences stay accurate.
   */
  private static final Domain STD_DOMAIN =
      new Domain("x in [-4, 4], values 0.02 apart", List.of(Range.of(-4, 4)), 0.02);

  private static final Domain GAUSSIAN_DOMAIN = new Domain("x, mean in [-2, 2]; logStd in [-1, 1]",
      List.of(Range.of(-2, 2), Range.of(-2, 2), Range.of(-1, 1)), 0);

  private static final Domain WIDE = new Domain("x in [-4, 4]", List.of(Range.of(-4, 4)), 0);

  static final Map<String, Gen<Case>> BY_COMPOSITE;

  static {
    Map<String, Gen<Case>> m = new LinkedHashMap<>();
    m.put("mse", mse());
    m.put("std", std(false));
    m.put("std with eps", std(true));
    m.put("gaussianLogDensity", gaussian(false));
    m.put("gaussianLogDensitySum", gaussian(true));
    m.put("tanhSquashCorrection", tanhSquash());
    m.put("logSumExp", logSumExp());
    BY_COMPOSITE = Collections.unmodifiableMap(m);
  }

  private static GradCheck.Options options(String label) {
    return GradCheck.Options.defaults().withLabel(label);
  }

  static Gen<Case> mse() {
    return dims(0, 3).zip(seeds(), (d, seed) -> {
      Tensor[] in = values(WIDE, seed, Shape.of(d), Shape.of(d));
      return new Case("mse", t -> Composites.mse(t[0], t[1]), in, options("mse"));
    });
  }

  /**
   * Without eps the reduced axis has at least 2 distinct values (std > 0); with eps = 1e-3 any
   * length, including 1 (variance 0, where only eps keeps the gradient finite).
   */
  static Gen<Case> std(boolean withEps) {
    return dims(1, 3).zip(axisCodes(), seeds(), (d, code, seed) -> {
      int ax = axis(d.length, code);
      int[] dims = d.clone();
      int a = ax < 0 ? ax + dims.length : ax;
      if (!withEps) {
        dims[a] = Math.max(2, dims[a]);
      }
      Tensor[] in = values(STD_DOMAIN, seed, Shape.of(dims));
      double eps = withEps ? 1e-3 : 0;
      return new Case("std axis " + ax + " eps " + eps, t -> Composites.std(t[0], ax, eps), in,
          options("std"));
    });
  }

  /** x and mean of one shape (rank 1-3); logStd of the last dim, or the full shape. */
  static Gen<Case> gaussian(boolean summed) {
    return dims(1, 3).zip(Generate.booleans(), seeds(), (d, rowStd, seed) -> {
      Shape s = Shape.of(d);
      Shape std = rowStd ? Shape.of(d[d.length - 1]) : s;
      Tensor[] in = values(GAUSSIAN_DOMAIN, seed, s, s, std);
      String label = summed ? "gaussianLogDensitySum" : "gaussianLogDensity";
      GradCheck.TensorFunction f = summed
          ? t -> Composites.gaussianLogDensitySum(t[0], t[1], t[2])
          : t -> Composites.gaussianLogDensity(t[0], t[1], t[2]);
      return new Case(label, f, in, options(label));
    });
  }

  static Gen<Case> tanhSquash() {
    return dims(1, 3).zip(seeds(), (d, seed) -> {
      Tensor[] in = values(WIDE, seed, Shape.of(d));
      return new Case("tanhSquashCorrection", t -> Composites.tanhSquashCorrection(t[0]), in,
          options("tanhSquashCorrection"));
    });
  }

  /** Half the cases round the values to multiples of 0.5, so maxima tie (harmless by design). */
  static Gen<Case> logSumExp() {
    return dims(1, 3).zip(axisCodes(), Generate.booleans(), seeds(), (d, code, ties, seed) -> {
      int ax = axis(d.length, code);
      Tensor x = values(WIDE, seed, Shape.of(d))[0];
      if (ties) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
          v[i] = Math.rint(2 * v[i]) / 2;
        }
        x = Tensor.of(v, d);
      }
      return new Case("logSumExp axis " + ax + (ties ? " with ties" : ""),
          t -> Composites.logSumExp(t[0], ax), new Tensor[] {x}, options("logSumExp"));
    });
  }
}
