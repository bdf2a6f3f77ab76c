package dev.mtfengine.properties;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.GradCheck;
import dev.mtfengine.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One generated example: a function of tensors exercising a primitive (or composite), F64 inputs
 * inside its gradient-check domain, and the check's options. {@link #toString()} is what
 * QuickTheories prints for a falsifying example, so it names the variant and every shape.
 *
 * @param label the variant, e.g. {@code "matmul(A^T B) rank 3"}
 * @param f the function under test; works for F32 and F64 inputs alike
 * @param inputs F64 inputs
 * @param options gradient-check options (domain, tolerance, label)
 */
record Case(String label, GradCheck.TensorFunction f, Tensor[] inputs, GradCheck.Options options) {

  /** Runs the gradient check; throws {@link dev.mtfengine.tensor.GradCheckException} on failure. */
  GradCheck.Report gradCheck() {
    return GradCheck.check(f, options.withLabel(toString()), inputs);
  }

  /** The inputs rounded to F32 values but stored as F64, so both dtypes see the same numbers. */
  Tensor[] inputsRoundedToF32() {
    return Arrays.stream(inputs).map(t -> t.to(DType.F32).to(DType.F64)).toArray(Tensor[]::new);
  }

  /** The inputs rounded to F32. */
  Tensor[] inputsF32() {
    return Arrays.stream(inputs).map(t -> t.to(DType.F32)).toArray(Tensor[]::new);
  }

  @Override
  public String toString() {
    return label + " on " + Arrays.stream(inputs).map(t -> t.shape().toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
