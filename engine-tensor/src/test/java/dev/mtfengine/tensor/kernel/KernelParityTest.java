package dev.mtfengine.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernels against {@link ScalarKernels}, the definition.
 *
 * <ul>
 *   <li>binary, unary, gemm: bit-identical ({@link Float#floatToIntBits}/{@link
 *       Double#doubleToLongBits}, so NaN equals NaN whatever its payload: Java does not fix NaN
 *       payloads, the JIT may commute operands).
 *   <li>sum: {@code |s_vector - s_scalar| <= n * eps * sum|x|}, {@code eps = Math.ulp(1f)} or
 *       {@code Math.ulp(1.0)}: each order is a recursive summation within {@code (n-1) (eps/2)
 *       sum|x|} of the exact sum.
 *   <li>gemm also against EJML: {@code |c - c_ejml| <= 2 k eps (|op(A)| |op(B)|)[i,j]}, the
 *       standard dot-product bound for both.
 * </ul>
 *
 * Without the Vector API module every test instead checks that the scalar path was chosen and why
 * (and the GEMM shapes still compare the scalar reference with EJML).
 */
class KernelParityTest {
  private static final int[] LENGTHS = {1, 2, 3, 7, 8, 13, 17, 31, 64, 207, 1023, 1025};
  private static final int[] GEMM_DIMS = {1, 2, 3, 7, 13, 17, 64, 100, 207, 256};
  private static final float[] SPECIAL_F = {Float.NaN, -0.0f, 0.0f, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 3,
      -Float.MIN_NORMAL / 7, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
      Float.intBitsToFloat(0x7fc00001)};
  private static final double[] SPECIAL_D = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3,
      -Double.MIN_NORMAL / 7, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0,
      Double.longBitsToDouble(0x7ff8000000000001L)};
  private static final Optional<Kernels> VECTOR = VectorPathCheck.vectorOrCheckScalarFallback();
  private static final Kernels REF = ScalarKernels.INSTANCE;

  static Stream<Arguments> binaryCases() {
    List<Arguments> out = new ArrayList<>();
    for (BinaryOp op : BinaryOp.values()) {
      for (int n : LENGTHS) {
        out.add(Arguments.of(op, n));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> unaryCases() {
    List<Arguments> out = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) {
      for (int n : LENGTHS) {
        out.add(Arguments.of(op, n));
      }
    }
    return out.stream();
  }

  static Stream<Integer> lengths() {
    return java.util.Arrays.stream(LENGTHS).boxed();
  }

  /**
   * {@code n} values from {@code off}: the first {@code SPECIAL^2} positions enumerate all pairs
   * of special values across the two operands (pairIndex 0 or 1), the rest mix specials (25%) and
   * Gaussians of varied scale.
   */
  private static float[] floats(Random rnd, int off, int n, int pairIndex) {
    float[] x = new float[off + n + 5];
    int s = SPECIAL_F.length;
    for (int i = 0; i < x.length; i++) {
      int j = i - off;
      if (j >= 0 && j < s * s) {
        x[i] = SPECIAL_F[pairIndex == 0 ? j % s : j / s];
      } else if (rnd.nextInt(4) == 0) {
        x[i] = SPECIAL_F[rnd.nextInt(s)];
      } else {
        x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
      }
    }
    return x;
  }

  private static double[] doubles(Random rnd, int off, int n, int pairIndex) {
    double[] x = new double[off + n + 5];
    int s = SPECIAL_D.length;
    for (int i = 0; i < x.length; i++) {
      int j = i - off;
      if (j >= 0 && j < s * s) {
        x[i] = SPECIAL_D[pairIndex == 0 ? j % s : j / s];
      } else if (rnd.nextInt(4) == 0) {
        x[i] = SPECIAL_D[rnd.nextInt(s)];
      } else {
        x[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(13) - 6);
      }
    }
    return x;
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " got " + actual[i]);
      }
    }
  }

  private static void assertSameBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " got " + actual[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("binaryCases")
  void binaryIsBitIdenticalF32(BinaryOp op, int n) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return; // scalar path: the check above asserted it was chosen for the right reason
    }
    Random rnd = new Random(1000L * op.ordinal() + n);
    int aOff = 3;
    int bOff = 1;
    int outOff = 5;
    float[] a = floats(rnd, aOff, n, 0);
    float[] b = floats(rnd, bOff, n, 1);
    for (int flags = 0; flags < 4; flags++) {
      boolean aB = (flags & 1) != 0;
      boolean bB = (flags & 2) != 0;
      float[] expected = new float[outOff + n + 4];
      java.util.Arrays.fill(expected, 42f);
      float[] actual = expected.clone();
      REF.binary(op, a, aOff, aB, b, bOff, bB, expected, outOff, n);
      VECTOR.get().binary(op, a, aOff, aB, b, bOff, bB, actual, outOff, n);
      assertSameBits(expected, actual, op + " F32 n=" + n + " aBroadcast=" + aB + " bBroadcast=" + bB);
    }
    // out aliasing a at the same offset
    float[] expected = a.clone();
    float[] actual = a.clone();
    REF.binary(op, expected, aOff, false, b, bOff, false, expected, aOff, n);
    VECTOR.get().binary(op, actual, aOff, false, b, bOff, false, actual, aOff, n);
    assertSameBits(expected, actual, op + " F32 in place n=" + n);
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("binaryCases")
  void binaryIsBitIdenticalF64(BinaryOp op, int n) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    Random rnd = new Random(2000L * op.ordinal() + n);
    int aOff = 2;
    int bOff = 7;
    int outOff = 1;
    double[] a = doubles(rnd, aOff, n, 0);
    double[] b = doubles(rnd, bOff, n, 1);
    for (int flags = 0; flags < 4; flags++) {
      boolean aB = (flags & 1) != 0;
      boolean bB = (flags & 2) != 0;
      double[] expected = new double[outOff + n + 4];
      java.util.Arrays.fill(expected, 42.0);
      double[] actual = expected.clone();
      REF.binary(op, a, aOff, aB, b, bOff, bB, expected, outOff, n);
      VECTOR.get().binary(op, a, aOff, aB, b, bOff, bB, actual, outOff, n);
      assertSameBits(expected, actual, op + " F64 n=" + n + " aBroadcast=" + aB + " bBroadcast=" + bB);
    }
    double[] expected = b.clone();
    double[] actual = b.clone();
    REF.binary(op, a, aOff, false, expected, bOff, false, expected, bOff, n);
    VECTOR.get().binary(op, a, aOff, false, actual, bOff, false, actual, bOff, n);
    assertSameBits(expected, actual, op + " F64 in place n=" + n);
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("unaryCases")
  void unaryIsBitIdentical(UnaryOp op, int n) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    Random rnd = new Random(3000L * op.ordinal() + n);
    int xOff = 4;
    int outOff = 2;
    float[] xf = floats(rnd, xOff, n, 0);
    float[] ef = new float[outOff + n + 3];
    java.util.Arrays.fill(ef, -7f);
    float[] af = ef.clone();
    REF.unary(op, xf, xOff, ef, outOff, n);
    VECTOR.get().unary(op, xf, xOff, af, outOff, n);
    assertSameBits(ef, af, op + " F32 n=" + n);

    double[] xd = doubles(rnd, xOff, n, 0);
    double[] ed = new double[outOff + n + 3];
    java.util.Arrays.fill(ed, -7.0);
    double[] ad = ed.clone();
    REF.unary(op, xd, xOff, ed, outOff, n);
    VECTOR.get().unary(op, xd, xOff, ad, outOff, n);
    assertSameBits(ed, ad, op + " F64 n=" + n);

    float[] inPlaceRef = xf.clone();
    float[] inPlace = xf.clone();
    REF.unary(op, inPlaceRef, xOff, inPlaceRef, xOff, n);
    VECTOR.get().unary(op, inPlace, xOff, inPlace, xOff, n);
    assertSameBits(inPlaceRef, inPlace, op + " F32 in place n=" + n);
  }

  @ParameterizedTest(name = "f={0}")
  @MethodSource("lengths")
  void addRowsIsBitIdentical(int f) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return; // scalar path: the check above asserted it was chosen for the right reason
    }
    Random rnd = new Random(77L + f);
    int rows = 5;
    int xOff = 2;
    int biasOff = 3;
    int outOff = 1;
    float[] xf = floats(rnd, xOff, rows * f, 0);
    float[] bf = floats(rnd, biasOff, f, 1);
    double[] xd = doubles(rnd, xOff, rows * f, 0);
    double[] bd = doubles(rnd, biasOff, f, 1);
    for (boolean relu : new boolean[] {false, true}) {
      float[] expectedF = new float[outOff + rows * f + 3];
      java.util.Arrays.fill(expectedF, 42f);
      float[] actualF = expectedF.clone();
      REF.addRows(xf, xOff, bf, biasOff, expectedF, outOff, rows, f, relu);
      VECTOR.get().addRows(xf, xOff, bf, biasOff, actualF, outOff, rows, f, relu);
      assertSameBits(expectedF, actualF, "addRows F32 f=" + f + " relu=" + relu);
      float[] inPlaceF = xf.clone();
      VECTOR.get().addRows(inPlaceF, xOff, bf, biasOff, inPlaceF, xOff, rows, f, relu);
      float[] refInPlaceF = xf.clone();
      REF.addRows(refInPlaceF, xOff, bf, biasOff, refInPlaceF, xOff, rows, f, relu);
      assertSameBits(refInPlaceF, inPlaceF, "addRows F32 in place f=" + f + " relu=" + relu);

      double[] expectedD = new double[outOff + rows * f + 3];
      java.util.Arrays.fill(expectedD, 42.0);
      double[] actualD = expectedD.clone();
      REF.addRows(xd, xOff, bd, biasOff, expectedD, outOff, rows, f, relu);
      VECTOR.get().addRows(xd, xOff, bd, biasOff, actualD, outOff, rows, f, relu);
      assertSameBits(expectedD, actualD, "addRows F64 f=" + f + " relu=" + relu);
    }
  }

  @ParameterizedTest(name = "f={0}")
  @MethodSource("lengths")
  void reluBackwardRowsIsBitIdentical(int f) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return; // scalar path: the check above asserted it was chosen for the right reason
    }
    Random rnd = new Random(91L + f);
    int rows = 7;
    int gOff = 2;
    int outOff = 3;
    int dxOff = 1;
    int biasOff = 4;
    // g and out enumerate the pairs of special values (NaN, +-0, +-inf, ...) in their first rows
    float[] gf = floats(rnd, gOff, rows * f, 0);
    float[] of = floats(rnd, outOff, rows * f, 1);
    float[] expectedDx = new float[dxOff + rows * f + 3];
    java.util.Arrays.fill(expectedDx, 42f);
    float[] actualDx = expectedDx.clone();
    float[] expectedDb = new float[biasOff + f + 2];
    java.util.Arrays.fill(expectedDb, Float.NaN); // the bias gradient starts from zeros, not from what is there
    float[] actualDb = expectedDb.clone();
    REF.reluBackwardRows(gf, gOff, of, outOff, expectedDx, dxOff, expectedDb, biasOff, rows, f);
    VECTOR.get().reluBackwardRows(gf, gOff, of, outOff, actualDx, dxOff, actualDb, biasOff, rows, f);
    assertSameBits(expectedDx, actualDx, "reluBackwardRows F32 dx f=" + f);
    assertSameBits(expectedDb, actualDb, "reluBackwardRows F32 dbias f=" + f);

    double[] gd = doubles(rnd, gOff, rows * f, 0);
    double[] od = doubles(rnd, outOff, rows * f, 1);
    double[] expectedDxD = new double[dxOff + rows * f + 3];
    double[] actualDxD = expectedDxD.clone();
    double[] expectedDbD = new double[biasOff + f + 2];
    java.util.Arrays.fill(expectedDbD, Double.NaN);
    double[] actualDbD = expectedDbD.clone();
    REF.reluBackwardRows(gd, gOff, od, outOff, expectedDxD, dxOff, expectedDbD, biasOff, rows, f);
    VECTOR.get().reluBackwardRows(gd, gOff, od, outOff, actualDxD, dxOff, actualDbD, biasOff, rows, f);
    assertSameBits(expectedDxD, actualDxD, "reluBackwardRows F64 dx f=" + f);
    assertSameBits(expectedDbD, actualDbD, "reluBackwardRows F64 dbias f=" + f);
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("lengths")
  void sumIsWithinSizeScaledTolerance(int n) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    for (int len : new int[] {n, n * 97}) {
      Random rnd = new Random(4000L + len);
      int off = 3;
      float[] xf = new float[off + len];
      double[] xd = new double[off + len];
      double absF = 0;
      double absD = 0;
      for (int i = off; i < off + len; i++) {
        // A shifted mean makes the sum large relative to the noise, so rounding shows.
        xf[i] = (float) (rnd.nextGaussian() + 0.3);
        xd[i] = rnd.nextGaussian() * 1e3 + 0.3;
        absF += Math.abs(xf[i]);
        absD += Math.abs(xd[i]);
      }
      float sf = VECTOR.get().sum(xf, off, len);
      float rf = REF.sum(xf, off, len);
      double boundF = len * (double) Math.ulp(1f) * absF;
      assertTrue(Math.abs((double) sf - rf) <= boundF,
          "F32 n=" + len + ": " + sf + " vs " + rf + " bound " + boundF);
      double sd = VECTOR.get().sum(xd, off, len);
      double rd = REF.sum(xd, off, len);
      double boundD = len * Math.ulp(1.0) * absD;
      assertTrue(Math.abs(sd - rd) <= boundD, "F64 n=" + len + ": " + sd + " vs " + rd + " bound " + boundD);
      assertEquals(Float.floatToIntBits(sf), Float.floatToIntBits(VECTOR.get().sum(xf, off, len)),
          "same length, same order, same bits");
    }
  }

  @Test
  void sumPropagatesNaNAndInfinity() {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    float[] x = new float[1025];
    java.util.Arrays.fill(x, 1f);
    x[500] = Float.POSITIVE_INFINITY;
    assertEquals(Float.POSITIVE_INFINITY, VECTOR.get().sum(x, 0, x.length));
    x[17] = Float.NaN;
    assertTrue(Float.isNaN(VECTOR.get().sum(x, 0, x.length)));
    double[] y = new double[1023];
    y[1000] = Double.NEGATIVE_INFINITY;
    assertEquals(Double.NEGATIVE_INFINITY, VECTOR.get().sum(y, 0, y.length));
    assertEquals(0.0, VECTOR.get().sum(y, 3, 0));
  }

  /**
   * A representative subset of (m, n, k) over {@link #GEMM_DIMS}: every dimension value appears
   * with 1 and with 256 in the other places, plus seeded random triples.
   */
  static Stream<Arguments> gemmShapes() {
    List<Arguments> out = new ArrayList<>();
    for (int d : GEMM_DIMS) {
      out.add(Arguments.of(d, 1, 256));
      out.add(Arguments.of(256, d, 1));
      out.add(Arguments.of(1, 256, d));
      out.add(Arguments.of(d, d, d));
    }
    Random rnd = new Random(5150);
    for (int i = 0; i < 24; i++) {
      out.add(Arguments.of(GEMM_DIMS[rnd.nextInt(GEMM_DIMS.length)],
          GEMM_DIMS[rnd.nextInt(GEMM_DIMS.length)], GEMM_DIMS[rnd.nextInt(GEMM_DIMS.length)]));
    }
    out.add(Arguments.of(207, 256, 100));
    out.add(Arguments.of(256, 207, 13));
    // narrower than a vector, taller than one: the column-wise path (output layers, their gradients)
    out.add(Arguments.of(256, 1, 64));
    out.add(Arguments.of(256, 10, 256));
    out.add(Arguments.of(207, 13, 100));
    out.add(Arguments.of(64, 15, 1023));
    out.add(Arguments.of(17, 3, 300));
    // one column from a row-major A: the row-chain path (groups of 8 rows, a remainder, two threads)
    out.add(Arguments.of(1023, 1, 300));
    out.add(Arguments.of(13, 1, 77));
    // a few columns from a row-major A: the row kernel (groups of 8 rows and a remainder; n up to a
    // vector less one), and the transposed A that still takes the column-wise path
    out.add(Arguments.of(2563, 8, 128));
    out.add(Arguments.of(1029, 15, 64));
    out.add(Arguments.of(7, 2, 19));
    // panel widths: 64 and 256 columns fill 64-wide panels on 512-bit vectors, 138 keeps 48-wide
    // ones; 257 leaves an edge panel of one column, 1025 rows two threads' shares and an edge tile
    out.add(Arguments.of(1025, 64, 17));
    out.add(Arguments.of(131, 256, 64));
    out.add(Arguments.of(96, 257, 33));
    out.add(Arguments.of(256, 138, 256));
    out.add(Arguments.of(64, 64, 7680));
    // B read where it lies (row-major B, full panels) next to packed ones: two full 64-wide panels,
    // two full 48-wide ones, full panels and an edge one, over three k chunks from zero-started
    // accumulators (the first chunk stores C without reading it), edge rows, two threads' shares
    out.add(Arguments.of(70, 128, 40));
    out.add(Arguments.of(29, 96, 300));
    out.add(Arguments.of(1030, 151, 520));
    out.add(Arguments.of(13, 100, 300));
    // k = 1 (outer products of a backward pass) and a short k
    out.add(Arguments.of(300, 70, 1));
    out.add(Arguments.of(257, 64, 2));
    // exactly one vector of columns (16 on 512-bit vectors, 8 on 256-bit ones): the row kernel
    out.add(Arguments.of(256, 16, 64));
    out.add(Arguments.of(37, 16, 20));
    out.add(Arguments.of(100, 8, 33));
    out.add(Arguments.of(45, 4, 90));
    // the column-wise path reading a transposed A where it lies: whole groups of four row blocks,
    // single blocks, a last partial block copied; one column and a few; a long k
    out.add(Arguments.of(64, 1, 7680));
    out.add(Arguments.of(64, 8, 256));
    out.add(Arguments.of(149, 7, 33));
    out.add(Arguments.of(48, 3, 50));
    out.add(Arguments.of(67, 5, 40));
    return out.stream();
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @MethodSource("gemmShapes")
  void gemmIsBitIdenticalAndMatchesEjml(int m, int n, int k) {
    // Scalar path: the reference itself is still checked against EJML.
    Kernels kernels = VectorPathCheck.vectorOrCheckScalarFallback().orElse(REF);
    for (int t = 0; t < 4; t++) {
      checkGemmF32(kernels, (t & 1) != 0, (t & 2) != 0, m, n, k, 7000L + t);
      checkGemmF64(kernels, (t & 1) != 0, (t & 2) != 0, m, n, k, 8000L + t);
    }
  }

  /**
   * {@code gemmBias} (the product, then the bias and ReLU on each tile while it is in cache) has
   * the bits of the scalar definition ({@code gemm} then {@code addRows} on C) on every path: the
   * packed one with edge tiles and several k chunks, and the narrow, few-column and row kernels;
   * also from inside a ComputePool task (one thread) and with C, A, B and the bias at offsets.
   */
  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @MethodSource("gemmShapes")
  void gemmBiasIsBitIdentical(int m, int n, int k) {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    Random rnd = new Random(31L * m + 7L * n + k);
    for (int t = 0; t < 8; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      boolean relu = (t & 4) != 0;
      // Gaussians: the special values would turn most chains into NaN or infinity, which hides
      // where the bias was added
      float[] af = gaussianFloats(rnd, 1 + m * k);
      float[] bf = gaussianFloats(rnd, 2 + k * n);
      float[] biasF = gaussianFloats(rnd, 3 + n);
      float[] expected = new float[4 + m * n + 2];
      java.util.Arrays.fill(expected, 42f);
      float[] actual = expected.clone();
      REF.gemmBias(ta, tb, m, n, k, af, 1, bf, 2, expected, 4, biasF, 3, relu);
      VECTOR.get().gemmBias(ta, tb, m, n, k, af, 1, bf, 2, actual, 4, biasF, 3, relu);
      String what = "gemmBias F32 ta=" + ta + " tb=" + tb + " relu=" + relu;
      assertSameBits(expected, actual, what);
      float[] oneThread = expected.clone();
      ComputePool.run(2, task -> {
        if (task == 0) {
          VECTOR.get().gemmBias(ta, tb, m, n, k, af, 1, bf, 2, oneThread, 4, biasF, 3, relu);
        }
      });
      assertSameBits(expected, oneThread, what + " on one thread");

      double[] ad = gaussianDoubles(rnd, 1 + m * k);
      double[] bd = gaussianDoubles(rnd, 2 + k * n);
      double[] biasD = gaussianDoubles(rnd, 3 + n);
      double[] expectedD = new double[4 + m * n + 2];
      double[] actualD = expectedD.clone();
      REF.gemmBias(ta, tb, m, n, k, ad, 1, bd, 2, expectedD, 4, biasD, 3, relu);
      VECTOR.get().gemmBias(ta, tb, m, n, k, ad, 1, bd, 2, actualD, 4, biasD, 3, relu);
      assertSameBits(expectedD, actualD, "gemmBias F64 ta=" + ta + " tb=" + tb + " relu=" + relu);
    }
  }

  private static float[] gaussianFloats(Random rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }

  private static double[] gaussianDoubles(Random rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  @Test
  void gemmIsBitIdenticalAt1023() {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    checkGemmF32(VECTOR.get(), false, false, 1023, 1023, 1023, 9001L);
    checkGemmF64(VECTOR.get(), true, true, 1023, 207, 1023, 9002L);
  }

  @Test
  void gemmWithEmptyInnerDimensionIsZero() {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    float[] c = {5f, 5f, 5f, 5f, 5f, 5f, 5f};
    VECTOR.get().gemm(false, false, 2, 3, 0, new float[0], 0, new float[0], 0, c, 1);
    assertSameBits(new float[] {5f, 0f, 0f, 0f, 0f, 0f, 0f}, c, "k=0");
  }

  /**
   * The thread count changes who computes an element, never how: a GEMM run from inside a {@link
   * ComputePool} task (which runs single-threaded) has the same bits as one split over all threads.
   */
  @Test
  void gemmBitsDoNotDependOnThreadCount() {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    int m = 207;
    int n = 256;
    int k = 300;
    Random rnd = new Random(77);
    float[] a = gaussianFloats(rnd, m * k);
    float[] b = gaussianFloats(rnd, k * n);
    // a transposed B (panels transposed while packed, in parallel) and a row-major one (copied by rows)
    for (boolean transB : new boolean[] {true, false}) {
      float[] many = new float[m * n];
      float[] one = new float[m * n];
      VECTOR.get().gemm(false, transB, m, n, k, a, 0, b, 0, many, 0);
      ComputePool.run(2, t -> {
        if (t == 0) {
          VECTOR.get().gemm(false, transB, m, n, k, a, 0, b, 0, one, 0);
        }
      });
      assertSameBits(many, one, "transB=" + transB + " threads=" + ComputePool.threads() + " vs 1");
      float[] reference = new float[m * n];
      REF.gemm(false, transB, m, n, k, a, 0, b, 0, reference, 0);
      assertSameBits(reference, many, "transB=" + transB + " vector vs scalar");
    }
  }

  /** The same for an output-layer shape (n below a vector's lanes, rows split over threads). */
  @Test
  void narrowGemmBitsDoNotDependOnThreadCount() {
    if (VectorPathCheck.vectorOrCheckScalarFallback().isEmpty()) {
      return;
    }
    int m = 2001;
    int n = 3;
    int k = 300;
    Random rnd = new Random(78);
    double[] a = gaussianDoubles(rnd, m * k);
    double[] b = gaussianDoubles(rnd, k * n);
    // transposed A: the column-wise path; row-major A: the row kernel
    for (boolean transA : new boolean[] {true, false}) {
      double[] many = new double[m * n];
      double[] one = new double[m * n];
      VECTOR.get().gemm(transA, false, m, n, k, a, 0, b, 0, many, 0);
      ComputePool.run(2, t -> {
        if (t == 0) {
          VECTOR.get().gemm(transA, false, m, n, k, a, 0, b, 0, one, 0);
        }
      });
      double[] reference = new double[m * n];
      REF.gemm(transA, false, m, n, k, a, 0, b, 0, reference, 0);
      assertSameBits(many, one, "transA=" + transA + " threads=" + ComputePool.threads() + " vs 1");
      assertSameBits(reference, many, "transA=" + transA + " vector vs scalar");
    }
  }

  private static void checkGemmF32(Kernels vector, boolean tA, boolean tB, int m, int n, int k, long seed) {
    Random rnd = new Random(seed + 31L * m + 17L * n + k);
    int aOff = 3;
    int bOff = 5;
    int cOff = 2;
    float[] a = gaussianFloats(rnd, aOff + m * k + 2);
    float[] b = gaussianFloats(rnd, bOff + k * n + 2);
    float[] expected = new float[cOff + m * n + 3];
    java.util.Arrays.fill(expected, Float.NaN);
    float[] actual = expected.clone();
    REF.gemm(tA, tB, m, n, k, a, aOff, b, bOff, expected, cOff);
    vector.gemm(tA, tB, m, n, k, a, aOff, b, bOff, actual, cOff);
    String what = "F32 gemm transA=" + tA + " transB=" + tB + " m=" + m + " n=" + n + " k=" + k;
    assertSameBits(expected, actual, what);

    FMatrixRMaj ea = new FMatrixRMaj(tA ? k : m, tA ? m : k);
    System.arraycopy(a, aOff, ea.data, 0, m * k);
    FMatrixRMaj eb = new FMatrixRMaj(tB ? n : k, tB ? k : n);
    System.arraycopy(b, bOff, eb.data, 0, k * n);
    FMatrixRMaj ec = new FMatrixRMaj(m, n);
    if (!tA && !tB) {
      CommonOps_FDRM.mult(ea, eb, ec);
    } else if (tA && !tB) {
      CommonOps_FDRM.multTransA(ea, eb, ec);
    } else if (!tA) {
      CommonOps_FDRM.multTransB(ea, eb, ec);
    } else {
      CommonOps_FDRM.multTransAB(ea, eb, ec);
    }
    double eps = Math.ulp(1f);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double absDot = 0;
        for (int p = 0; p < k; p++) {
          float aip = tA ? a[aOff + p * m + i] : a[aOff + i * k + p];
          float bpj = tB ? b[bOff + j * k + p] : b[bOff + p * n + j];
          absDot += Math.abs((double) aip * bpj);
        }
        double diff = Math.abs((double) actual[cOff + i * n + j] - ec.get(i, j));
        if (diff > 2 * k * eps * absDot) {
          fail(what + " vs EJML at (" + i + "," + j + "): " + actual[cOff + i * n + j] + " vs " + ec.get(i, j));
        }
      }
    }
  }

  private static void checkGemmF64(Kernels vector, boolean tA, boolean tB, int m, int n, int k, long seed) {
    Random rnd = new Random(seed + 31L * m + 17L * n + k);
    int aOff = 1;
    int bOff = 4;
    int cOff = 6;
    double[] a = gaussianDoubles(rnd, aOff + m * k + 2);
    double[] b = gaussianDoubles(rnd, bOff + k * n + 2);
    double[] expected = new double[cOff + m * n + 3];
    java.util.Arrays.fill(expected, Double.NaN);
    double[] actual = expected.clone();
    REF.gemm(tA, tB, m, n, k, a, aOff, b, bOff, expected, cOff);
    vector.gemm(tA, tB, m, n, k, a, aOff, b, bOff, actual, cOff);
    String what = "F64 gemm transA=" + tA + " transB=" + tB + " m=" + m + " n=" + n + " k=" + k;
    assertSameBits(expected, actual, what);

    DMatrixRMaj ea = new DMatrixRMaj(tA ? k : m, tA ? m : k);
    System.arraycopy(a, aOff, ea.data, 0, m * k);
    DMatrixRMaj eb = new DMatrixRMaj(tB ? n : k, tB ? k : n);
    System.arraycopy(b, bOff, eb.data, 0, k * n);
    DMatrixRMaj ec = new DMatrixRMaj(m, n);
    if (!tA && !tB) {
      CommonOps_DDRM.mult(ea, eb, ec);
    } else if (tA && !tB) {
      CommonOps_DDRM.multTransA(ea, eb, ec);
    } else if (!tA) {
      CommonOps_DDRM.multTransB(ea, eb, ec);
    } else {
      CommonOps_DDRM.multTransAB(ea, eb, ec);
    }
    double eps = Math.ulp(1.0);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double absDot = 0;
        for (int p = 0; p < k; p++) {
          double aip = tA ? a[aOff + p * m + i] : a[aOff + i * k + p];
          double bpj = tB ? b[bOff + j * k + p] : b[bOff + p * n + j];
          absDot += Math.abs(aip * bpj);
        }
        double diff = Math.abs(actual[cOff + i * n + j] - ec.get(i, j));
        if (diff > 2 * k * eps * absDot) {
          fail(what + " vs EJML at (" + i + "," + j + "): " + actual[cOff + i * n + j] + " vs " + ec.get(i, j));
        }
      }
    }
  }
}
