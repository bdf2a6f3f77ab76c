package dev.mtfengine.tensor.kernel.simd;

import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;
import dev.mtfengine.tensor.kernel.ScalarKernels;
import dev.mtfengine.tensor.kernel.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API (SIMD) kernels. Loaded by {@code KernelPath} by class name only when the module
 * {@code jdk.incubator.vector} is readable; this package is the only one that imports it.
 *
 * <p>Contract against {@link ScalarKernels}, the definition:
 *
 * <ul>
 *   <li>{@link #binary} and {@link #unary}: bit-identical for every op, broadcast flags, length and
 *       offset. Every lane operation used (add, sub, mul, div, sqrt, neg, abs, min, max) is the
 *       correctly rounded IEEE-754 operation, and {@code MIN}/{@code MAX} follow {@link Math#min}/
 *       {@link Math#max} (NaN wins, -0.0 &lt; 0.0); the elements after the last full vector run
 *       through {@link ScalarKernels} itself. NaN payloads are not part of the contract (Java does
 *       not fix them either: the JIT may commute operands), so a NaN equals any NaN.
 *   <li>{@link #sum}: lane-parallel, so the order of additions differs from the sequential
 *       reference. Both orders are ordinary recursive summations of the same {@code n} terms, each
 *       within {@code (n-1) u sum|x|} of the exact sum ({@code u} = unit roundoff = eps/2), hence
 *       {@code |sum_vector - sum_scalar| <= n * eps * sum|x|} with {@code eps = Math.ulp(1f)} (F32)
 *       or {@code Math.ulp(1.0)} (F64). The order is fixed for a given species and length.
 *   <li>{@link #gemm}: bit-identical, see {@link VectorGemmF32}.
 * </ul>
 */
public final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int FL = FS.length();
  private static final int DL = DS.length();
  /** Independent vector accumulators in {@link #sum}: hides the 3-4 cycle add latency. */
  private static final int SUM_CHAINS = 4;

  private final String name;

  /** Public no-arg constructor: {@code KernelPath} instantiates this class reflectively. */
  public VectorKernels() {
    this.name = "vector-" + FS.vectorBitSize();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void binary(BinaryOp op, float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    if (aBroadcast && bBroadcast) {
      // Every element is the same scalar result; computing it once by the definition is exact.
      if (n > 0) {
        ScalarKernels.INSTANCE.binary(op, a, aOff, true, b, bOff, true, out, outOff, 1);
        Arrays.fill(out, outOff + 1, outOff + n, out[outOff]);
      }
      return;
    }
    // One loop per operator: the Vector API intrinsifies lanewise operations only when the
    // operator is a compile-time constant, and a shared loop taking the operator as a value ran
    // an order of magnitude slower (docs/kernels.md).
    int i;
    switch (op) {
      case ADD:
        i = addF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case SUB:
        i = subF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case MUL:
        i = mulF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case DIV:
        i = divF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case MIN:
        i = minF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case MAX:
        i = maxF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case PASS_IF_POSITIVE:
        i = passIfPositiveF(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      default:
        throw new AssertionError(op);
    }
    if (i < n) {
      ScalarKernels.INSTANCE.binary(op, a, aBroadcast ? aOff : aOff + i, aBroadcast,
          b, bBroadcast ? bOff : bOff + i, bBroadcast, out, outOff + i, n - i);
    }
  }

  /** Vector part of {@code out = a add b}; returns how many elements it wrote. */
  private static int addF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      FloatVector va = FloatVector.broadcast(FS, a[aOff]);
      for (; i < full; i += FL) {
        va.add(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      FloatVector vb = FloatVector.broadcast(FS, b[bOff]);
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).add(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).add(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a sub b}; returns how many elements it wrote. */
  private static int subF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      FloatVector va = FloatVector.broadcast(FS, a[aOff]);
      for (; i < full; i += FL) {
        va.sub(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      FloatVector vb = FloatVector.broadcast(FS, b[bOff]);
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).sub(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).sub(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a mul b}; returns how many elements it wrote. */
  private static int mulF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      FloatVector va = FloatVector.broadcast(FS, a[aOff]);
      for (; i < full; i += FL) {
        va.mul(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      FloatVector vb = FloatVector.broadcast(FS, b[bOff]);
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).mul(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).mul(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a div b}; returns how many elements it wrote. */
  private static int divF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      FloatVector va = FloatVector.broadcast(FS, a[aOff]);
      for (; i < full; i += FL) {
        va.div(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      FloatVector vb = FloatVector.broadcast(FS, b[bOff]);
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).div(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).div(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a min b}; returns how many elements it wrote. */
  private static int minF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      FloatVector va = FloatVector.broadcast(FS, a[aOff]);
      for (; i < full; i += FL) {
        va.min(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      FloatVector vb = FloatVector.broadcast(FS, b[bOff]);
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).min(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).min(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = b > 0 ? a : 0} (NaN in b gives 0); returns how many it wrote. */
  private static int passIfPositiveF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    if (aBroadcast || bBroadcast) {
      return 0; // rare (gradients are never broadcast here): the scalar definition does it all
    }
    int full = FS.loopBound(n);
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (; i < full; i += FL) {
      FloatVector vb = FloatVector.fromArray(FS, b, bOff + i);
      zero.blend(FloatVector.fromArray(FS, a, aOff + i), vb.compare(VectorOperators.GT, 0)).intoArray(out, outOff + i);
    }
    return i;
  }

  /** Vector part of {@code out = b > 0 ? a : 0} (NaN in b gives 0); returns how many it wrote. */
  private static int passIfPositiveD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    if (aBroadcast || bBroadcast) {
      return 0; // rare (gradients are never broadcast here): the scalar definition does it all
    }
    int full = DS.loopBound(n);
    DoubleVector zero = DoubleVector.zero(DS);
    int i = 0;
    for (; i < full; i += DL) {
      DoubleVector vb = DoubleVector.fromArray(DS, b, bOff + i);
      zero.blend(DoubleVector.fromArray(DS, a, aOff + i), vb.compare(VectorOperators.GT, 0)).intoArray(out, outOff + i);
    }
    return i;
  }

  /** Vector part of {@code out = a max b}; returns how many elements it wrote. */
  private static int maxF(float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      FloatVector va = FloatVector.broadcast(FS, a[aOff]);
      for (; i < full; i += FL) {
        va.max(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      FloatVector vb = FloatVector.broadcast(FS, b[bOff]);
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).max(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += FL) {
        FloatVector.fromArray(FS, a, aOff + i).max(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  @Override
  public void binary(BinaryOp op, double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    if (aBroadcast && bBroadcast) {
      // Every element is the same scalar result; computing it once by the definition is exact.
      if (n > 0) {
        ScalarKernels.INSTANCE.binary(op, a, aOff, true, b, bOff, true, out, outOff, 1);
        Arrays.fill(out, outOff + 1, outOff + n, out[outOff]);
      }
      return;
    }
    // One loop per operator: the Vector API intrinsifies lanewise operations only when the
    // operator is a compile-time constant, and a shared loop taking the operator as a value ran
    // an order of magnitude slower (docs/kernels.md).
    int i;
    switch (op) {
      case ADD:
        i = addD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case SUB:
        i = subD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case MUL:
        i = mulD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case DIV:
        i = divD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case MIN:
        i = minD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case MAX:
        i = maxD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      case PASS_IF_POSITIVE:
        i = passIfPositiveD(a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
        break;
      default:
        throw new AssertionError(op);
    }
    if (i < n) {
      ScalarKernels.INSTANCE.binary(op, a, aBroadcast ? aOff : aOff + i, aBroadcast,
          b, bBroadcast ? bOff : bOff + i, bBroadcast, out, outOff + i, n - i);
    }
  }

  /** Vector part of {@code out = a add b}; returns how many elements it wrote. */
  private static int addD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      DoubleVector va = DoubleVector.broadcast(DS, a[aOff]);
      for (; i < full; i += DL) {
        va.add(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      DoubleVector vb = DoubleVector.broadcast(DS, b[bOff]);
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).add(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).add(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a sub b}; returns how many elements it wrote. */
  private static int subD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      DoubleVector va = DoubleVector.broadcast(DS, a[aOff]);
      for (; i < full; i += DL) {
        va.sub(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      DoubleVector vb = DoubleVector.broadcast(DS, b[bOff]);
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).sub(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).sub(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a mul b}; returns how many elements it wrote. */
  private static int mulD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      DoubleVector va = DoubleVector.broadcast(DS, a[aOff]);
      for (; i < full; i += DL) {
        va.mul(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      DoubleVector vb = DoubleVector.broadcast(DS, b[bOff]);
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).mul(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).mul(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a div b}; returns how many elements it wrote. */
  private static int divD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      DoubleVector va = DoubleVector.broadcast(DS, a[aOff]);
      for (; i < full; i += DL) {
        va.div(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      DoubleVector vb = DoubleVector.broadcast(DS, b[bOff]);
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).div(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).div(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a min b}; returns how many elements it wrote. */
  private static int minD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      DoubleVector va = DoubleVector.broadcast(DS, a[aOff]);
      for (; i < full; i += DL) {
        va.min(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      DoubleVector vb = DoubleVector.broadcast(DS, b[bOff]);
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).min(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).min(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  /** Vector part of {@code out = a max b}; returns how many elements it wrote. */
  private static int maxD(double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    if (aBroadcast) {
      DoubleVector va = DoubleVector.broadcast(DS, a[aOff]);
      for (; i < full; i += DL) {
        va.max(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else if (bBroadcast) {
      DoubleVector vb = DoubleVector.broadcast(DS, b[bOff]);
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).max(vb).intoArray(out, outOff + i);
      }
    } else {
      for (; i < full; i += DL) {
        DoubleVector.fromArray(DS, a, aOff + i).max(DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
      }
    }
    return i;
  }

  @Override
  public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    int full = FS.loopBound(n);
    int i = 0;
    switch (op) {
      case NEG:
        for (; i < full; i += FL) {
          FloatVector.fromArray(FS, x, xOff + i).neg().intoArray(out, outOff + i);
        }
        break;
      case ABS:
        for (; i < full; i += FL) {
          FloatVector.fromArray(FS, x, xOff + i).abs().intoArray(out, outOff + i);
        }
        break;
      case RELU:
        // Math.max(x, 0f) lane by lane: max(-0.0, 0.0) = 0.0 and max(NaN, 0) = NaN, as in scalar.
        FloatVector zero = FloatVector.zero(FS);
        for (; i < full; i += FL) {
          FloatVector.fromArray(FS, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        break;
      case SQUARE:
        for (; i < full; i += FL) {
          FloatVector v = FloatVector.fromArray(FS, x, xOff + i);
          v.mul(v).intoArray(out, outOff + i);
        }
        break;
      case SQRT:
        for (; i < full; i += FL) {
          FloatVector.fromArray(FS, x, xOff + i).sqrt().intoArray(out, outOff + i);
        }
        break;
      default:
        throw new AssertionError(op);
    }
    if (i < n) {
      ScalarKernels.INSTANCE.unary(op, x, xOff + i, out, outOff + i, n - i);
    }
  }

  @Override
  public void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
    int full = DS.loopBound(n);
    int i = 0;
    switch (op) {
      case NEG:
        for (; i < full; i += DL) {
          DoubleVector.fromArray(DS, x, xOff + i).neg().intoArray(out, outOff + i);
        }
        break;
      case ABS:
        for (; i < full; i += DL) {
          DoubleVector.fromArray(DS, x, xOff + i).abs().intoArray(out, outOff + i);
        }
        break;
      case RELU:
        DoubleVector zero = DoubleVector.zero(DS);
        for (; i < full; i += DL) {
          DoubleVector.fromArray(DS, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        break;
      case SQUARE:
        for (; i < full; i += DL) {
          DoubleVector v = DoubleVector.fromArray(DS, x, xOff + i);
          v.mul(v).intoArray(out, outOff + i);
        }
        break;
      case SQRT:
        for (; i < full; i += DL) {
          DoubleVector.fromArray(DS, x, xOff + i).sqrt().intoArray(out, outOff + i);
        }
        break;
      default:
        throw new AssertionError(op);
    }
    if (i < n) {
      ScalarKernels.INSTANCE.unary(op, x, xOff + i, out, outOff + i, n - i);
    }
  }

  /**
   * Lane-parallel sum: {@value #SUM_CHAINS} vector accumulators take blocks of
   * {@code SUM_CHAINS * lanes} elements, are added pairwise ((0+1)+(2+3)), their lanes are added
   * left to right, then the remaining elements left to right. Within {@code n * eps * sum|x|} of
   * {@link ScalarKernels#sum}; see the class comment.
   */
  @Override
  public float sum(float[] x, int off, int n) {
    int step = SUM_CHAINS * FL;
    int full = n - n % step;
    int i = 0;
    float s = 0f;
    if (full > 0) {
      FloatVector s0 = FloatVector.zero(FS);
      FloatVector s1 = FloatVector.zero(FS);
      FloatVector s2 = FloatVector.zero(FS);
      FloatVector s3 = FloatVector.zero(FS);
      for (; i < full; i += step) {
        s0 = s0.add(FloatVector.fromArray(FS, x, off + i));
        s1 = s1.add(FloatVector.fromArray(FS, x, off + i + FL));
        s2 = s2.add(FloatVector.fromArray(FS, x, off + i + 2 * FL));
        s3 = s3.add(FloatVector.fromArray(FS, x, off + i + 3 * FL));
      }
      // reduceLanes(ADD) leaves the order unspecified; adding the stored lanes in order fixes it.
      float[] lanes = s0.add(s1).add(s2.add(s3)).toArray();
      for (float v : lanes) {
        s += v;
      }
    }
    for (; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  /** F64 counterpart of {@link #sum(float[], int, int)}, same order and bound. */
  @Override
  public double sum(double[] x, int off, int n) {
    int step = SUM_CHAINS * DL;
    int full = n - n % step;
    int i = 0;
    double s = 0.0;
    if (full > 0) {
      DoubleVector s0 = DoubleVector.zero(DS);
      DoubleVector s1 = DoubleVector.zero(DS);
      DoubleVector s2 = DoubleVector.zero(DS);
      DoubleVector s3 = DoubleVector.zero(DS);
      for (; i < full; i += step) {
        s0 = s0.add(DoubleVector.fromArray(DS, x, off + i));
        s1 = s1.add(DoubleVector.fromArray(DS, x, off + i + DL));
        s2 = s2.add(DoubleVector.fromArray(DS, x, off + i + 2 * DL));
        s3 = s3.add(DoubleVector.fromArray(DS, x, off + i + 3 * DL));
      }
      double[] lanes = s0.add(s1).add(s2.add(s3)).toArray();
      for (double v : lanes) {
        s += v;
      }
    }
    for (; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    VectorGemmF32.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    VectorGemmF64.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
  }
}
