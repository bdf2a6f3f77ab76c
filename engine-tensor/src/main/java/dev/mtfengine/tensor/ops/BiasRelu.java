package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/**
 * {@code z = max(x + bias, 0)} row by row, with {@link BiasAdd}'s shapes ({@code x [..., F] + bias
 * [F]}, or {@code x [M, B, F] + bias [M, F]} per member): a hidden layer's bias and ReLU in one
 * pass, each row made positive while it is in cache, and one array instead of two (issue 12). The
 * same operations as {@code relu(biasAdd(x, bias))}, so the same bits. Gradient: {@code dx = g}
 * where {@code z > 0}, else 0 (ReLU's mask: {@code z > 0} exactly where {@code x + bias > 0});
 * {@code dbias} sums that over the rows (per member for [M, F]).
 */
public final class BiasRelu {
  public static final Primitive PRIMITIVE = Primitive.of("biasRelu",
      in -> BiasAdd.addRows("biasRelu", in[0], in[1], true),
      (in, out, g, needed) -> {
        Tensor masked = Elementwise.binary("biasRelu", BinaryOp.PASS_IF_POSITIVE, g, out);
        return new Tensor[] {needed[0] ? masked : null, needed[1] ? BiasAdd.biasGradient(masked, in[1]) : null};
      });

  private BiasRelu() {}
}
