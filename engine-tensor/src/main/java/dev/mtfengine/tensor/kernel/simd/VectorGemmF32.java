package dev.mtfengine.tensor.kernel.simd;

import dev.mtfengine.tensor.kernel.ComputePool;
import dev.mtfengine.tensor.kernel.ScalarKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked, packed, register-tiled F32 GEMM (BLIS-style loop nest) that is bit-identical to
 * {@link ScalarKernels#gemm}.
 *
 * <p>Why bit-identical: every element {@code C[i,j]} lives in one lane of one accumulator of one
 * micro-tile and is updated only by {@code acc = fma(a[i,p], b[p,j], acc)} (lanewise fused
 * multiply-add, the same single rounding as {@link Math#fma}) for {@code p} in increasing order.
 * Blocking over {@code k} in chunks of {@link #KC} stores the accumulator to C and reloads it for
 * the next chunk, which is exact because the stored float is the register float. No partial sums
 * are ever added together, transposes are resolved by the strides A is read with and while packing
 * B (they move values, never compute), and zero padding of edge panels only affects lanes that are
 * discarded. Threads own disjoint row ranges of C, so the thread count changes who computes an
 * element, never how.
 *
 * <p>Loop nest for {@code C[m,n] = op(A)[m,k] op(B)[k,n]}:
 *
 * <pre>
 * pack all of op(B) into column panels [k][NR] (NR = NV vectors, NV from vectorsPerRow), shared by the threads
 * per thread (rows r0..r1 of C, split in multiples of MR):
 *   for pc in 0..k step KC                      chunk of the fma chain
 *     for ic in r0..r1 step MC                  only a last micro-panel of fewer than MR rows is packed
 *       for each B panel jp                     B micro-panel [KC][NR] stays in L1
 *         for each A micro-panel ir             A block [MC][KC] stays in L2, read where it lies
 *           micro-kernel: MR x NR tile of C in MR*NV vector registers, KC rank-1 updates
 * </pre>
 */
final class VectorGemmF32 {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Rows of C per micro-tile. */
  static final int MR = 4;
  /**
   * Vectors per micro-tile row: 3 (12 accumulators + 3 B vectors + 1 broadcast = the 16 registers
   * of AVX2). With 512-bit vectors (32 registers) a call may instead use 4 ({@link #WIDE_NV}: 16 + 4
   * + 1) when its column count wastes fewer padded columns that way ({@link #vectorsPerRow}): 64-
   * and 256-wide layers fill 64-column panels exactly, where 48-column panels left a second one
   * mostly padding (issue 12).
   */
  static final int NV = 3;
  /** The wider tile's vectors per row, used only where there are 32 vector registers. */
  static final int WIDE_NV = 4;
  /** Columns of C per micro-tile and width of a packed B panel ({@link #NV} vectors of lanes). */
  static final int NR = NV * L;
  /** Deepest k chunk: a [KC][NR] B micro-panel is 24 KiB (256-bit), inside a 32 KiB L1. */
  static final int KC = 256;
  /** Bytes a [kc][NR] B micro-panel may take: the chunk depth is cut to fit ({@link #chunkDepth}). */
  static final int PANEL_BYTES = 32 * 1024;
  /**
   * Rows of A per block, whose micro-panels every B panel visits in turn: a [MC][KC] block is 64
   * KiB in single and 128 KiB in double precision, inside a 512 KiB L2.
   */
  static final int MC = 64;
  /** Below this many multiply-adds, packing costs more than it saves: use the scalar loop. */
  static final long SMALL_WORK = 1L << 12;
  /** Below this many multiply-adds one thread is faster than waking a second one. */
  static final long PARALLEL_WORK = 1L << 18;

  private static final ThreadLocal<float[]> PACKED_B = new ThreadLocal<>();
  private static final ThreadLocal<float[]> PACKED_A = new ThreadLocal<>();
  private static final ThreadLocal<float[]> EDGE_TILE = new ThreadLocal<>();
  private static final ThreadLocal<float[]> PACKED_A_T = new ThreadLocal<>();
  /** Zeros the first k chunk's micro-tiles start from (MR rows of the widest panel); never written. */
  private static final float[] ZERO_TILE = new float[MR * WIDE_NV * L];
  /** Row blocks of L rows that {@link #narrow} advances together: 4 independent FMA chains. */
  static final int NARROW_BLOCKS = 4;
  /** Rows whose chains {@link #rowChains} runs side by side: two FMA ports times four cycles of latency. */
  static final int ROW_CHAINS = 8;
  /** Scratch arrays larger than this (elements) are not kept between calls. */
  private static final int MAX_CACHED = 1 << 22;
  /** Whether {@link #transpose16} can run: vectors of 16 lanes (512-bit floats). */
  private static final boolean TRANSPOSE_16 = L == 16;
  // transpose16's stage with distance d: lanes shifted up by d (UP), down by d (DOWN), and the lanes
  // whose index has bit d set (HIGH); null where TRANSPOSE_16 is false
  private static final VectorShuffle<Float> UP1 = laneShift(1);
  private static final VectorShuffle<Float> UP2 = laneShift(2);
  private static final VectorShuffle<Float> UP4 = laneShift(4);
  private static final VectorShuffle<Float> UP8 = laneShift(8);
  private static final VectorShuffle<Float> DOWN1 = laneShift(-1);
  private static final VectorShuffle<Float> DOWN2 = laneShift(-2);
  private static final VectorShuffle<Float> DOWN4 = laneShift(-4);
  private static final VectorShuffle<Float> DOWN8 = laneShift(-8);
  private static final VectorMask<Float> HIGH1 = TRANSPOSE_16 ? VectorMask.fromLong(S, 0xAAAAL) : null;
  private static final VectorMask<Float> HIGH2 = TRANSPOSE_16 ? VectorMask.fromLong(S, 0xCCCCL) : null;
  private static final VectorMask<Float> HIGH4 = TRANSPOSE_16 ? VectorMask.fromLong(S, 0xF0F0L) : null;
  private static final VectorMask<Float> HIGH8 = TRANSPOSE_16 ? VectorMask.fromLong(S, 0xFF00L) : null;

  private VectorGemmF32() {}

  /**
   * {@code C = op(A) op(B)}, the chains of {@link dev.mtfengine.tensor.kernel.Kernels#gemm}.
   * Every path writes all of C's [m, n] block without reading it first (the packed one since its
   * first k chunk starts from zero accumulators; issue 12).
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, null, 0, false);
  }

  /**
   * {@link dev.mtfengine.tensor.kernel.Kernels#gemmBias}, or the plain product when {@code bias} is
   * null: the packed path adds the bias (and ReLU) to each block of MC rows of C after the block's
   * last k chunk, while it is in cache (a second pass over an ensemble's [M, B, out] read it back
   * from L3; issue 12), the others after the product.
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] bias, int biasOff, boolean relu) {
    if (m == 0 || n == 0) {
      return;
    }
    if (!packedPath(transA, m, n, k)) {
      unpacked(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
      if (bias != null) {
        VectorElementwiseF32.addRows(c, cOff, bias, biasOff, c, cOff, m, n, relu);
      }
      return;
    }
    long work = (long) m * n * k;
    int nv = vectorsPerRow(n);
    int nr = nv * L;
    int nPanels = (n + nr - 1) / nr;
    // op(B) stored [k, n] with n = nr: B is one panel as it lies, read in place. Other Bs are packed:
    // the micro-kernels read B with the panel's width as a constant row stride (see microKernel4),
    // and full panels read in place with a row stride of 4 nr or more ran 10-25 % slower at n = 256
    // (cache sets) than packed ones (issue 12).
    int inPlace = !transB && n == nr ? 1 : 0;
    int packed = nPanels - inPlace;
    int mPanels = (m + MR - 1) / MR;
    int tasks = work < PARALLEL_WORK ? 1 : Math.min(ComputePool.threads(), mPanels);
    float[] bp = packed == 0 ? null : scratch(PACKED_B, packed * nr * k);
    if (tasks == 1 || packed < 2) {
      packB(transB, b, bOff, n, k, nr, inPlace, inPlace, nPanels, bp);
    } else {
      ComputePool.run(tasks, t -> packB(transB, b, bOff, n, k, nr, inPlace,
          inPlace + ComputePool.splitStart(packed, tasks, t), inPlace + ComputePool.splitStart(packed, tasks, t + 1), bp));
    }
    if (tasks == 1) {
      multiply(transA, m, n, k, nv, a, aOff, b, bOff, inPlace, bp, c, cOff, bias, biasOff, relu, 0, m);
      return;
    }
    ComputePool.run(tasks, t -> multiply(transA, m, n, k, nv, a, aOff, b, bOff, inPlace, bp, c, cOff,
        bias, biasOff, relu, ComputePool.splitStart(mPanels, tasks, t) * MR,
        Math.min(m, ComputePool.splitStart(mPanels, tasks, t + 1) * MR)));
  }

  /** True when {@link #gemm} runs the packed, register-tiled loop nest (m, n >= 1). */
  private static boolean packedPath(boolean transA, int m, int n, int k) {
    long work = (long) m * n * k;
    return k > 0 && work >= SMALL_WORK && !(n < L && m < L) && !(n <= L && !transA) && n >= L;
  }

  /** The products {@link #packedPath} leaves to other loops (m, n >= 1). */
  private static void unpacked(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    if (k == 0) {
      Arrays.fill(c, cOff, cOff + m * n, 0);
    } else if ((long) m * n * k < SMALL_WORK || (n < L && m < L)) {
      ScalarKernels.INSTANCE.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else if (n == 1 && !transA) {
      // a matrix-vector product (an output layer of width 1): chains along A's rows, no transpose
      rowChains(m, k, a, aOff, b, bOff, c, cOff);
    } else if (n <= L && !transA) {
      // a few output columns (an actor's actions; one vector of them): lanes across the row of C,
      // no transpose of A and no panel padded to NR columns
      smallN(transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else {
      // n < L: a padded NR-wide panel would be mostly zeros; run the chains down the columns instead
      narrow(transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }
  }

  /**
   * {@link #NV}, or {@link #WIDE_NV} where there are 32 vector registers and it pads fewer columns
   * (ties go to the wider tile, which loads fewer A values per multiply-add).
   */
  static int vectorsPerRow(int n) {
    if (L < 16) {
      return NV;
    }
    int narrowCols = (n + NV * L - 1) / (NV * L) * NV * L;
    int wideCols = (n + WIDE_NV * L - 1) / (WIDE_NV * L) * WIDE_NV * L;
    return wideCols <= narrowCols ? WIDE_NV : NV;
  }

  /** Rows of C whose chains {@link #smallN} advances together: FMA latency times its two ports. */
  static final int SMALL_N_ROWS = 8;

  /**
   * C for {@code n < L} columns from a row-major A (an actor's or a decoder's output layer): op(B)
   * is packed once into {@code bt[p*L + j] = op(B)[p, j]} (zero beyond n); lane {@code j} of row
   * i's accumulator is {@code C[i, j]}, updated only by {@code acc = fma(A[i, p], op(B)[p, j], acc)}
   * for p in increasing order from +0.0, the definition's chain, so the same bits. A is read along
   * its rows, {@link #SMALL_N_ROWS} rows side by side; {@link #narrow} transposed all of A first,
   * which cost more than the products (issue 12). Threads own disjoint row ranges. The lanes are
   * the preferred species' even where n would fit a narrower one: a second vector shape in the
   * program splits the JIT's type profile of every shared Vector API call, and kernels compiled
   * against both shapes fell back to boxed vectors (in CQL+SAC a 256 x 8 x 64 product then took 75
   * us, as long as a 2560 x 8 x 128 one takes this kernel alone).
   */
  private static void smallN(boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    float[] bt = scratch(PACKED_B, k * L);
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < L; j++) {
        bt[p * L + j] = j >= n ? 0f : transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
      }
    }
    int groups = (m + SMALL_N_ROWS - 1) / SMALL_N_ROWS;
    long work = (long) m * n * k;
    int tasks = work < PARALLEL_WORK ? 1 : Math.min(ComputePool.threads(), groups);
    if (tasks == 1) {
      smallNRows(n, k, a, aOff, bt, c, cOff, 0, m);
      return;
    }
    ComputePool.run(tasks, t -> smallNRows(n, k, a, aOff, bt, c, cOff,
        ComputePool.splitStart(groups, tasks, t) * SMALL_N_ROWS,
        Math.min(m, ComputePool.splitStart(groups, tasks, t + 1) * SMALL_N_ROWS)));
  }

  /** Rows {@code [i0, i1)} of {@link #smallN}. */
  private static void smallNRows(int n, int k, float[] a, int aOff, float[] bt, float[] c, int cOff,
      int i0, int i1) {
    float[] lanes = new float[L];
    int i = i0;
    for (; i + SMALL_N_ROWS <= i1; i += SMALL_N_ROWS) {
      int r = aOff + i * k;
      FloatVector acc0 = FloatVector.zero(S);
      FloatVector acc1 = FloatVector.zero(S);
      FloatVector acc2 = FloatVector.zero(S);
      FloatVector acc3 = FloatVector.zero(S);
      FloatVector acc4 = FloatVector.zero(S);
      FloatVector acc5 = FloatVector.zero(S);
      FloatVector acc6 = FloatVector.zero(S);
      FloatVector acc7 = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        FloatVector bv = FloatVector.fromArray(S, bt, p * L);
        acc0 = FloatVector.broadcast(S, a[r + p]).fma(bv, acc0);
        acc1 = FloatVector.broadcast(S, a[r + k + p]).fma(bv, acc1);
        acc2 = FloatVector.broadcast(S, a[r + 2 * k + p]).fma(bv, acc2);
        acc3 = FloatVector.broadcast(S, a[r + 3 * k + p]).fma(bv, acc3);
        acc4 = FloatVector.broadcast(S, a[r + 4 * k + p]).fma(bv, acc4);
        acc5 = FloatVector.broadcast(S, a[r + 5 * k + p]).fma(bv, acc5);
        acc6 = FloatVector.broadcast(S, a[r + 6 * k + p]).fma(bv, acc6);
        acc7 = FloatVector.broadcast(S, a[r + 7 * k + p]).fma(bv, acc7);
      }
      int o = cOff + i * n;
      storeRow(acc0, lanes, c, o, n);
      storeRow(acc1, lanes, c, o + n, n);
      storeRow(acc2, lanes, c, o + 2 * n, n);
      storeRow(acc3, lanes, c, o + 3 * n, n);
      storeRow(acc4, lanes, c, o + 4 * n, n);
      storeRow(acc5, lanes, c, o + 5 * n, n);
      storeRow(acc6, lanes, c, o + 6 * n, n);
      storeRow(acc7, lanes, c, o + 7 * n, n);
    }
    for (; i < i1; i++) {                              // the last rows, one at a time
      int r = aOff + i * k;
      FloatVector acc = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        acc = FloatVector.broadcast(S, a[r + p]).fma(FloatVector.fromArray(S, bt, p * L), acc);
      }
      storeRow(acc, lanes, c, cOff + i * n, n);
    }
  }

  /** The first n lanes of {@code acc} into {@code c[off ..]}. */
  private static void storeRow(FloatVector acc, float[] lanes, float[] c, int off, int n) {
    if (n == L) {
      acc.intoArray(c, off);
      return;
    }
    acc.intoArray(lanes, 0);
    System.arraycopy(lanes, 0, c, off, n);
  }

  /**
   * C for {@code n < L <= m} with a transposed A (stored [k, m]: the weight gradient of an output
   * layer): the lanes run down a column of C instead of along a row. Lane {@code r} of row block
   * {@code q}'s accumulator is {@code C[q*L + r, j]}, updated only by {@code acc = fma(op(A)[i, p],
   * op(B)[p, j], acc)} for {@code p} in increasing order from +0.0: the same chain as the
   * definition, so the same bits. op(A)'s column p of a full block is the contiguous run {@code
   * a[aOff + p*m + q*L ..]}, read where it lies; only a last block of fewer than L rows is copied,
   * zero-padded ({@code tail[p*L + r]}). op(B)'s column j is read as {@code bt[btOff + j*k + p]}:
   * B itself when it is stored [n, k] (transposed) or is one column, else a packed copy (it used to
   * copy all of A and B, which for one column took four fifths of the time; issue 12). {@link
   * #NARROW_BLOCKS} independent row blocks per pass keep the FMA unit busy while each chain waits
   * on its previous step. Threads own disjoint ranges of row blocks.
   */
  private static void narrow(boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    int full = m / L;
    int tailRows = m - full * L;
    int blocks = full + (tailRows > 0 ? 1 : 0);
    float[] tail = null;
    if (tailRows > 0) {
      tail = scratch(PACKED_A_T, k * L);
      for (int p = 0; p < k; p++) {
        System.arraycopy(a, aOff + p * m + full * L, tail, p * L, tailRows);
        Arrays.fill(tail, p * L + tailRows, (p + 1) * L, 0);
      }
    }
    float[] bt;
    int btOff;
    if (transB || n == 1) {
      bt = b;
      btOff = bOff;
    } else {                                          // bt[j*k + p] = op(B)[p, j]
      bt = scratch(PACKED_B, n * k);
      btOff = 0;
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          bt[j * k + p] = b[bOff + p * n + j];
        }
      }
    }
    long work = (long) m * n * k;
    int tasks = work < PARALLEL_WORK ? 1 : Math.min(ComputePool.threads(), blocks);
    float[] tl = tail;
    if (tasks == 1) {
      narrowBlocks(m, n, k, a, aOff, tl, bt, btOff, c, cOff, 0, blocks);
      return;
    }
    ComputePool.run(tasks, t -> narrowBlocks(m, n, k, a, aOff, tl, bt, btOff, c, cOff,
        ComputePool.splitStart(blocks, tasks, t), ComputePool.splitStart(blocks, tasks, t + 1)));
  }

  /**
   * C [m, 1] = A [m, k] (stored row-major, not transposed) times op(B) [k, 1]: each element's chain
   * {@code c = fma(A[i, p], op(B)[p, 0], c)} from +0.0 in increasing {@code p}, in scalar fused
   * multiply-adds ({@link Math#fma}: the same single rounding as a lane of {@code FloatVector.fma})
   * along A's contiguous rows, {@link #ROW_CHAINS} rows at a time so that independent chains fill
   * the FMA pipeline. {@link #narrow} would first copy A transposed, which for one column costs more
   * than the products (issue 12). Same chain as the definition, so the same bits.
   */
  private static void rowChains(int m, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    // op(B) is one column: contiguous whether B is stored [k, 1] or (transposed) [1, k]
    long work = (long) m * k;
    int groups = (m + ROW_CHAINS - 1) / ROW_CHAINS;
    int tasks = work < PARALLEL_WORK ? 1 : Math.min(ComputePool.threads(), groups);
    if (tasks == 1) {
      rowChainGroups(m, k, a, aOff, b, bOff, c, cOff, 0, groups);
      return;
    }
    ComputePool.run(tasks, t -> rowChainGroups(m, k, a, aOff, b, bOff, c, cOff,
        ComputePool.splitStart(groups, tasks, t), ComputePool.splitStart(groups, tasks, t + 1)));
  }

  /** Groups {@code [g0, g1)} of {@link #ROW_CHAINS} rows each of {@link #rowChains}. */
  private static void rowChainGroups(int m, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int g0, int g1) {
    for (int g = g0; g < g1; g++) {
      int i0 = g * ROW_CHAINS;
      if (i0 + ROW_CHAINS <= m) {
        int r = aOff + i0 * k;
        float c0 = 0f;
        float c1 = 0f;
        float c2 = 0f;
        float c3 = 0f;
        float c4 = 0f;
        float c5 = 0f;
        float c6 = 0f;
        float c7 = 0f;
        for (int p = 0; p < k; p++) {
          float bv = b[bOff + p];
          c0 = Math.fma(a[r + p], bv, c0);
          c1 = Math.fma(a[r + k + p], bv, c1);
          c2 = Math.fma(a[r + 2 * k + p], bv, c2);
          c3 = Math.fma(a[r + 3 * k + p], bv, c3);
          c4 = Math.fma(a[r + 4 * k + p], bv, c4);
          c5 = Math.fma(a[r + 5 * k + p], bv, c5);
          c6 = Math.fma(a[r + 6 * k + p], bv, c6);
          c7 = Math.fma(a[r + 7 * k + p], bv, c7);
        }
        c[cOff + i0] = c0;
        c[cOff + i0 + 1] = c1;
        c[cOff + i0 + 2] = c2;
        c[cOff + i0 + 3] = c3;
        c[cOff + i0 + 4] = c4;
        c[cOff + i0 + 5] = c5;
        c[cOff + i0 + 6] = c6;
        c[cOff + i0 + 7] = c7;
      } else {
        for (int i = i0; i < m; i++) {                   // the last rows, one chain at a time
          float acc = 0f;
          for (int p = 0; p < k; p++) {
            acc = Math.fma(a[aOff + i * k + p], b[bOff + p], acc);
          }
          c[cOff + i] = acc;
        }
      }
    }
  }

  /**
   * Row blocks {@code [blk0, blk1)} of L rows each of {@link #narrow}: full blocks from A (p stride
   * m), a last partial block from {@code tail} (p stride L).
   */
  private static void narrowBlocks(int m, int n, int k, float[] a, int aOff, float[] tail, float[] bt,
      int btOff, float[] c, int cOff, int blk0, int blk1) {
    int full = m / L;
    float[] lanes = new float[NARROW_BLOCKS * L];
    for (int blk = blk0; blk < blk1; blk += NARROW_BLOCKS) {
      int count = Math.min(NARROW_BLOCKS, blk1 - blk);
      int i0 = blk * L;
      for (int j = 0; j < n; j++) {
        int bRow = btOff + j * k;
        if (count == NARROW_BLOCKS && blk + NARROW_BLOCKS <= full) {
          FloatVector acc0 = FloatVector.zero(S);
          FloatVector acc1 = FloatVector.zero(S);
          FloatVector acc2 = FloatVector.zero(S);
          FloatVector acc3 = FloatVector.zero(S);
          for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.broadcast(S, bt[bRow + p]);
            int base = aOff + p * m + i0;
            acc0 = FloatVector.fromArray(S, a, base).fma(bv, acc0);
            acc1 = FloatVector.fromArray(S, a, base + L).fma(bv, acc1);
            acc2 = FloatVector.fromArray(S, a, base + 2 * L).fma(bv, acc2);
            acc3 = FloatVector.fromArray(S, a, base + 3 * L).fma(bv, acc3);
          }
          acc0.intoArray(lanes, 0);
          acc1.intoArray(lanes, L);
          acc2.intoArray(lanes, 2 * L);
          acc3.intoArray(lanes, 3 * L);
        } else {
          for (int q = 0; q < count; q++) {             // the last few blocks of a range, one at a time
            boolean own = blk + q < full;
            float[] src = own ? a : tail;
            int base = own ? aOff + i0 + q * L : 0;
            int ps = own ? m : L;
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
              acc = FloatVector.fromArray(S, src, base + p * ps).fma(FloatVector.broadcast(S, bt[bRow + p]), acc);
            }
            acc.intoArray(lanes, q * L);
          }
        }
        int rows = Math.min(count * L, m - i0);
        for (int r = 0; r < rows; r++) {
          c[cOff + (i0 + r) * n + j] = lanes[r];
        }
      }
    }
  }

  private static float[] scratch(ThreadLocal<float[]> holder, int size) {
    float[] s = holder.get();
    if (s != null && s.length >= size) {
      return s;
    }
    s = new float[size];
    if (size <= MAX_CACHED) {
      holder.set(s);
    }
    return s;
  }

  /** The shuffle moving lane {@code i} to lane {@code i + d} (mod 16), or null without 16 lanes. */
  private static VectorShuffle<Float> laneShift(int d) {
    return TRANSPOSE_16 ? VectorShuffle.fromOp(S, i -> (i - d) & 15) : null;
  }

  /**
   * {@code dst[d + l ldd + r] = src[s + r lds + l]} for r, l in [0, 16): a 16 x 16 block transposed
   * in registers (only where {@link #TRANSPOSE_16}). Four stages; the stage of distance d swaps,
   * for each pair of rows r and r + d with bit d of r clear, the lanes with bit d set in row r with
   * the lanes with bit d clear in row r + d (each row a lane shift and a blend). It moves values and
   * computes nothing.
   */
  private static void transpose16(float[] src, int s, int lds, float[] dst, int d, int ldd) {
    FloatVector r0 = FloatVector.fromArray(S, src, s);
    FloatVector r1 = FloatVector.fromArray(S, src, s + lds);
    FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * lds);
    FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * lds);
    FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * lds);
    FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * lds);
    FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * lds);
    FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * lds);
    FloatVector r8 = FloatVector.fromArray(S, src, s + 8 * lds);
    FloatVector r9 = FloatVector.fromArray(S, src, s + 9 * lds);
    FloatVector r10 = FloatVector.fromArray(S, src, s + 10 * lds);
    FloatVector r11 = FloatVector.fromArray(S, src, s + 11 * lds);
    FloatVector r12 = FloatVector.fromArray(S, src, s + 12 * lds);
    FloatVector r13 = FloatVector.fromArray(S, src, s + 13 * lds);
    FloatVector r14 = FloatVector.fromArray(S, src, s + 14 * lds);
    FloatVector r15 = FloatVector.fromArray(S, src, s + 15 * lds);
    FloatVector t;
    // distance 1
    t = r0.blend(r1.rearrange(UP1), HIGH1);
    r1 = r0.rearrange(DOWN1).blend(r1, HIGH1);
    r0 = t;
    t = r2.blend(r3.rearrange(UP1), HIGH1);
    r3 = r2.rearrange(DOWN1).blend(r3, HIGH1);
    r2 = t;
    t = r4.blend(r5.rearrange(UP1), HIGH1);
    r5 = r4.rearrange(DOWN1).blend(r5, HIGH1);
    r4 = t;
    t = r6.blend(r7.rearrange(UP1), HIGH1);
    r7 = r6.rearrange(DOWN1).blend(r7, HIGH1);
    r6 = t;
    t = r8.blend(r9.rearrange(UP1), HIGH1);
    r9 = r8.rearrange(DOWN1).blend(r9, HIGH1);
    r8 = t;
    t = r10.blend(r11.rearrange(UP1), HIGH1);
    r11 = r10.rearrange(DOWN1).blend(r11, HIGH1);
    r10 = t;
    t = r12.blend(r13.rearrange(UP1), HIGH1);
    r13 = r12.rearrange(DOWN1).blend(r13, HIGH1);
    r12 = t;
    t = r14.blend(r15.rearrange(UP1), HIGH1);
    r15 = r14.rearrange(DOWN1).blend(r15, HIGH1);
    r14 = t;
    // distance 2
    t = r0.blend(r2.rearrange(UP2), HIGH2);
    r2 = r0.rearrange(DOWN2).blend(r2, HIGH2);
    r0 = t;
    t = r1.blend(r3.rearrange(UP2), HIGH2);
    r3 = r1.rearrange(DOWN2).blend(r3, HIGH2);
    r1 = t;
    t = r4.blend(r6.rearrange(UP2), HIGH2);
    r6 = r4.rearrange(DOWN2).blend(r6, HIGH2);
    r4 = t;
    t = r5.blend(r7.rearrange(UP2), HIGH2);
    r7 = r5.rearrange(DOWN2).blend(r7, HIGH2);
    r5 = t;
    t = r8.blend(r10.rearrange(UP2), HIGH2);
    r10 = r8.rearrange(DOWN2).blend(r10, HIGH2);
    r8 = t;
    t = r9.blend(r11.rearrange(UP2), HIGH2);
    r11 = r9.rearrange(DOWN2).blend(r11, HIGH2);
    r9 = t;
    t = r12.blend(r14.rearrange(UP2), HIGH2);
    r14 = r12.rearrange(DOWN2).blend(r14, HIGH2);
    r12 = t;
    t = r13.blend(r15.rearrange(UP2), HIGH2);
    r15 = r13.rearrange(DOWN2).blend(r15, HIGH2);
    r13 = t;
    // distance 4
    t = r0.blend(r4.rearrange(UP4), HIGH4);
    r4 = r0.rearrange(DOWN4).blend(r4, HIGH4);
    r0 = t;
    t = r1.blend(r5.rearrange(UP4), HIGH4);
    r5 = r1.rearrange(DOWN4).blend(r5, HIGH4);
    r1 = t;
    t = r2.blend(r6.rearrange(UP4), HIGH4);
    r6 = r2.rearrange(DOWN4).blend(r6, HIGH4);
    r2 = t;
    t = r3.blend(r7.rearrange(UP4), HIGH4);
    r7 = r3.rearrange(DOWN4).blend(r7, HIGH4);
    r3 = t;
    t = r8.blend(r12.rearrange(UP4), HIGH4);
    r12 = r8.rearrange(DOWN4).blend(r12, HIGH4);
    r8 = t;
    t = r9.blend(r13.rearrange(UP4), HIGH4);
    r13 = r9.rearrange(DOWN4).blend(r13, HIGH4);
    r9 = t;
    t = r10.blend(r14.rearrange(UP4), HIGH4);
    r14 = r10.rearrange(DOWN4).blend(r14, HIGH4);
    r10 = t;
    t = r11.blend(r15.rearrange(UP4), HIGH4);
    r15 = r11.rearrange(DOWN4).blend(r15, HIGH4);
    r11 = t;
    // distance 8
    t = r0.blend(r8.rearrange(UP8), HIGH8);
    r8 = r0.rearrange(DOWN8).blend(r8, HIGH8);
    r0 = t;
    t = r1.blend(r9.rearrange(UP8), HIGH8);
    r9 = r1.rearrange(DOWN8).blend(r9, HIGH8);
    r1 = t;
    t = r2.blend(r10.rearrange(UP8), HIGH8);
    r10 = r2.rearrange(DOWN8).blend(r10, HIGH8);
    r2 = t;
    t = r3.blend(r11.rearrange(UP8), HIGH8);
    r11 = r3.rearrange(DOWN8).blend(r11, HIGH8);
    r3 = t;
    t = r4.blend(r12.rearrange(UP8), HIGH8);
    r12 = r4.rearrange(DOWN8).blend(r12, HIGH8);
    r4 = t;
    t = r5.blend(r13.rearrange(UP8), HIGH8);
    r13 = r5.rearrange(DOWN8).blend(r13, HIGH8);
    r5 = t;
    t = r6.blend(r14.rearrange(UP8), HIGH8);
    r14 = r6.rearrange(DOWN8).blend(r14, HIGH8);
    r6 = t;
    t = r7.blend(r15.rearrange(UP8), HIGH8);
    r15 = r7.rearrange(DOWN8).blend(r15, HIGH8);
    r7 = t;
    r0.intoArray(dst, d);
    r1.intoArray(dst, d + ldd);
    r2.intoArray(dst, d + 2 * ldd);
    r3.intoArray(dst, d + 3 * ldd);
    r4.intoArray(dst, d + 4 * ldd);
    r5.intoArray(dst, d + 5 * ldd);
    r6.intoArray(dst, d + 6 * ldd);
    r7.intoArray(dst, d + 7 * ldd);
    r8.intoArray(dst, d + 8 * ldd);
    r9.intoArray(dst, d + 9 * ldd);
    r10.intoArray(dst, d + 10 * ldd);
    r11.intoArray(dst, d + 11 * ldd);
    r12.intoArray(dst, d + 12 * ldd);
    r13.intoArray(dst, d + 13 * ldd);
    r14.intoArray(dst, d + 14 * ldd);
    r15.intoArray(dst, d + 15 * ldd);
  }

  /**
   * Packs B panels {@code [jp0, jp1)} of {@code nr} columns: panel {@code jp} holds columns {@code
   * jp*nr ..} of op(B) as {@code bp[(jp - first)*k*nr + p*nr + jj] = op(B)[p, jp*nr + jj]}, zero
   * beyond column n ({@code first}: the first packed panel; those before it are read in place).
   */
  private static void packB(boolean transB, float[] b, int bOff, int n, int k, int nr, int first, int jp0,
      int jp1, float[] bp) {
    if (!transB) {
      // B stored [k, n]: each panel row is a contiguous run of row p. Row p of B is read from start
      // to end across the panels before row p + 1, one sequential stream for the prefetcher: a B
      // from memory (a member's weights) packed 1.5x as fast as panel by panel, whose rows are
      // runs of nr floats a row of B apart (issue 12).
      for (int p = 0; p < k; p++) {
        for (int jp = jp0; jp < jp1; jp++) {
          int j0 = jp * nr;
          System.arraycopy(b, bOff + p * n + j0, bp, (jp - first) * k * nr + p * nr, Math.min(nr, n - j0));
        }
      }
    }
    for (int jp = jp0; jp < jp1; jp++) {
      int base = (jp - first) * k * nr;
      int j0 = jp * nr;
      int cols = Math.min(nr, n - j0);
      if (transB) {
        // B stored [n, k]: column j of op(B) is the contiguous row j of B. A full panel's first
        // k16 values of p in 16 x 16 blocks transposed in registers (twice as fast as the element
        // loop, which does the rest; issue 12).
        int k16 = cols == nr && TRANSPOSE_16 ? k / 16 * 16 : 0;
        for (int jb = 0; k16 > 0 && jb < nr; jb += 16) {
          for (int p0 = 0; p0 < k16; p0 += 16) {
            transpose16(b, bOff + (j0 + jb) * k + p0, k, bp, base + p0 * nr + jb, nr);
          }
        }
        for (int jj = 0; jj < cols; jj++) {
          int src = bOff + (j0 + jj) * k;
          for (int p = k16; p < k; p++) {
            bp[base + p * nr + jj] = b[src + p];
          }
        }
      }
      if (cols < nr) {
        for (int p = 0; p < k; p++) {
          Arrays.fill(bp, base + p * nr + cols, base + (p + 1) * nr, 0);
        }
      }
    }
  }

  /**
   * Packs a last micro-panel {@code op(A)[ic:ic+mc, pc:pc+kc]} of {@code mc < MR} rows, zero-padded
   * to MR, in the layout its micro-kernel reads A where it lies: a row-major A row by row, {@code
   * ap[r*kc + p]} ({@link #microKernel4}); a transposed A interleaved, {@code ap[p*MR + r]} ({@link
   * #microKernel4Interleaved}).
   */
  private static void packA(boolean transA, float[] a, int aOff, int m, int k, int ic, int mc,
      int pc, int kc, float[] ap) {
    for (int r = 0; r < MR; r++) {
      for (int p = 0; p < kc; p++) {
        float v = r < mc ? (transA ? a[aOff + (pc + p) * m + ic + r] : a[aOff + (ic + r) * k + pc + p]) : 0;
        ap[transA ? p * MR + r : r * kc + p] = v;
      }
    }
  }

  /**
   * Rows {@code [r0, r1)} of C (r0 a multiple of MR): panels {@code [0, inPlace)} of op(B) from B
   * itself (row stride n), the others from the shared packed {@code bp}.
   */
  private static void multiply(boolean transA, int m, int n, int k, int nv, float[] a, int aOff,
      float[] b, int bOff, int inPlace, float[] bp, float[] c, int cOff, float[] bias, int biasOff, boolean relu,
      int r0, int r1) {
    if (r0 >= r1) {
      return;
    }
    int panel = nv * L;
    int nPanels = (n + panel - 1) / panel;
    int depth = chunkDepth(k, panel);
    float[] ap = scratch(PACKED_A, MR * depth);
    float[] edge = scratch(EDGE_TILE, MR * panel);
    // The fma chains start from +0.0 as in the definition: in the first k chunk the micro-kernel
    // loads its accumulators from a tile of zeros instead of from C, later chunks load C and continue
    // its chains. The same code either way (a zero-or-load choice inside the kernel compiled poorly
    // in C2 on JDK 17, and a second kernel for the first chunk doubled the JIT's warm-up, when the
    // Vector API runs boxed); C is neither cleared first nor read in the first chunk (issue 12).
    // The micro-kernels read full micro-panels of A where they lie, a last one of fewer than MR rows
    // from a zero-padded copy (packA), and B with the panel's width as its row stride (issue 12).
    for (int pc = 0; pc < k; pc += depth) {
      int kc = Math.min(depth, k - pc);
      boolean first = pc == 0;
      for (int ic = r0; ic < r1; ic += MC) {
        int mc = Math.min(MC, r1 - ic);
        int inA = mc / MR * MR; // rows [0, inA) of the block read where they lie, the rest from ap
        if (inA < mc) {
          packA(transA, a, aOff, m, k, ic + inA, mc - inA, pc, kc, ap);
        }
        for (int jp = 0; jp < nPanels; jp++) {
          int j0 = jp * panel;
          int nr = Math.min(panel, n - j0);
          boolean own = jp < inPlace;
          float[] bs = own ? b : bp;
          int bIdx = own ? bOff + pc * n + j0 : (jp - inPlace) * k * panel + pc * panel;
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int cIdx = cOff + (ic + ir) * n + j0;
            boolean inPlaceA = ir < inA;
            float[] as = inPlaceA ? a : ap;
            // a row-major A: row stride (k, or kc in ap), unit p stride; a transposed A: MR values
            // side by side, p stride (m, or MR in ap)
            int aIdx = !inPlaceA ? 0 : transA ? aOff + pc * m + ic + ir : aOff + (ic + ir) * k + pc;
            int rs = transA ? (inPlaceA ? m : MR) : inPlaceA ? k : kc;
            if (mr == MR && nr == panel) {
              tile(nv, transA, kc, as, aIdx, rs, bs, bIdx,
                  first ? ZERO_TILE : c, first ? 0 : cIdx, first ? panel : n, c, cIdx, n);
            } else {
              // Edge tile: run the full-size kernel on a copy of the valid part of C.
              if (!first) {
                for (int r = 0; r < mr; r++) {
                  System.arraycopy(c, cIdx + r * n, edge, r * panel, nr);
                }
              }
              tile(nv, transA, kc, as, aIdx, rs, bs, bIdx, first ? ZERO_TILE : edge, 0, panel, edge, 0, panel);
              for (int r = 0; r < mr; r++) {
                System.arraycopy(edge, r * panel, c, cIdx + r * n, nr);
              }
            }
          }
        }
        if (bias != null && pc + kc == k) {
          // the block's rows of C are complete: their bias (and ReLU) while they are in cache
          VectorElementwiseF32.addRows(c, cOff + ic * n, bias, biasOff, c, cOff + ic * n, mc, n, relu);
        }
      }
    }
  }

  /**
   * The depth of the k chunks for panels of {@code panel} columns: at most {@link #KC} and at most
   * what keeps a [kc][panel] B micro-panel within {@link #PANEL_BYTES} (on 512-bit vectors 128 for
   * the 64-column F32 panel, whose 256-deep micro-panel of 64 KiB overflowed L1: 8-10 % slower at
   * k = 7680 and 256; issue 12), and the chunks as even as that allows (k = 138: two of 69, not
   * 128 + 10). Where the chain is cut does not matter: the accumulator is stored and reloaded exactly.
   */
  static int chunkDepth(int k, int panel) {
    int most = Math.min(KC, PANEL_BYTES / (panel * Float.BYTES));
    int chunks = (k + most - 1) / most;
    return (k + chunks - 1) / chunks;
  }

  /**
   * The micro-kernel of {@code nv} vectors per row; op(A)'s tile at {@code a[aIdx + r rs + p]}, or
   * interleaved at {@code a[aIdx + p rs + r]} ({@code interleaved}: a transposed A, see {@link
   * #packA}); op(B)'s rows of the panel at {@code b[bIdx + p nv L]}; the accumulators start from
   * {@code init} (row stride ldi) and end in C (row stride ldc).
   */
  private static void tile(int nv, boolean interleaved, int kc, float[] a, int aIdx, int rs, float[] b, int bIdx,
      float[] init, int iIdx, int ldi, float[] c, int cIdx, int ldc) {
    if (nv == WIDE_NV) {
      if (interleaved) {
        microKernel4Interleaved(kc, a, aIdx, rs, b, bIdx, init, iIdx, ldi, c, cIdx, ldc);
      } else {
        microKernel4(kc, a, aIdx, rs, b, bIdx, init, iIdx, ldi, c, cIdx, ldc);
      }
    } else if (interleaved) {
      microKernelInterleaved(kc, a, aIdx, rs, b, bIdx, init, iIdx, ldi, c, cIdx, ldc);
    } else {
      microKernel(kc, a, aIdx, rs, b, bIdx, init, iIdx, ldi, c, cIdx, ldc);
    }
  }

  /** {@link #microKernel} with four vectors per row (sixteen accumulators): the 512-bit tile. */
  private static void microKernel4(int kc, float[] a, int aIdx, int rs, float[] b, int bIdx,
      float[] init, int iIdx, int ldi, float[] c, int cIdx, int ldc) {
    int i1 = iIdx + ldi;
    int i2 = iIdx + 2 * ldi;
    int i3 = iIdx + 3 * ldi;
    FloatVector c00 = FloatVector.fromArray(S, init, iIdx);
    FloatVector c01 = FloatVector.fromArray(S, init, iIdx + L);
    FloatVector c02 = FloatVector.fromArray(S, init, iIdx + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, init, iIdx + 3 * L);
    FloatVector c10 = FloatVector.fromArray(S, init, i1);
    FloatVector c11 = FloatVector.fromArray(S, init, i1 + L);
    FloatVector c12 = FloatVector.fromArray(S, init, i1 + 2 * L);
    FloatVector c13 = FloatVector.fromArray(S, init, i1 + 3 * L);
    FloatVector c20 = FloatVector.fromArray(S, init, i2);
    FloatVector c21 = FloatVector.fromArray(S, init, i2 + L);
    FloatVector c22 = FloatVector.fromArray(S, init, i2 + 2 * L);
    FloatVector c23 = FloatVector.fromArray(S, init, i2 + 3 * L);
    FloatVector c30 = FloatVector.fromArray(S, init, i3);
    FloatVector c31 = FloatVector.fromArray(S, init, i3 + L);
    FloatVector c32 = FloatVector.fromArray(S, init, i3 + 2 * L);
    FloatVector c33 = FloatVector.fromArray(S, init, i3 + 3 * L);
    for (int p = 0; p < kc; p++) {
      int bi = bIdx + p * (WIDE_NV * L); // constant strides: C2 hoists the bounds checks (+15-35 %)
      int ai = aIdx + p;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
      FloatVector a0 = FloatVector.broadcast(S, a[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c02 = a0.fma(b2, c02);
      c03 = a0.fma(b3, c03);
      FloatVector a1 = FloatVector.broadcast(S, a[ai + rs]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c12 = a1.fma(b2, c12);
      c13 = a1.fma(b3, c13);
      FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * rs]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      c22 = a2.fma(b2, c22);
      c23 = a2.fma(b3, c23);
      FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * rs]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c32 = a3.fma(b2, c32);
      c33 = a3.fma(b3, c33);
    }
    int c1 = cIdx + ldc;
    int c2 = cIdx + 2 * ldc;
    int c3 = cIdx + 3 * ldc;
    c00.intoArray(c, cIdx);
    c01.intoArray(c, cIdx + L);
    c02.intoArray(c, cIdx + 2 * L);
    c03.intoArray(c, cIdx + 3 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c13.intoArray(c, c1 + 3 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c23.intoArray(c, c2 + 3 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
    c33.intoArray(c, c3 + 3 * L);
  }
  /**
   * {@link #microKernel4} reading a transposed A, whose MR values of one p lie side by side: {@code
   * a[aIdx + p ps + r]} (ps = m in place, MR packed). A variable stride costs the bounds checks C2
   * cannot hoist, but copying A to unit stride cost more than that at n = 64 (issue 12).
   */
  private static void microKernel4Interleaved(int kc, float[] a, int aIdx, int ps, float[] b, int bIdx,
      float[] init, int iIdx, int ldi, float[] c, int cIdx, int ldc) {
    int i1 = iIdx + ldi;
    int i2 = iIdx + 2 * ldi;
    int i3 = iIdx + 3 * ldi;
    FloatVector c00 = FloatVector.fromArray(S, init, iIdx);
    FloatVector c01 = FloatVector.fromArray(S, init, iIdx + L);
    FloatVector c02 = FloatVector.fromArray(S, init, iIdx + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, init, iIdx + 3 * L);
    FloatVector c10 = FloatVector.fromArray(S, init, i1);
    FloatVector c11 = FloatVector.fromArray(S, init, i1 + L);
    FloatVector c12 = FloatVector.fromArray(S, init, i1 + 2 * L);
    FloatVector c13 = FloatVector.fromArray(S, init, i1 + 3 * L);
    FloatVector c20 = FloatVector.fromArray(S, init, i2);
    FloatVector c21 = FloatVector.fromArray(S, init, i2 + L);
    FloatVector c22 = FloatVector.fromArray(S, init, i2 + 2 * L);
    FloatVector c23 = FloatVector.fromArray(S, init, i2 + 3 * L);
    FloatVector c30 = FloatVector.fromArray(S, init, i3);
    FloatVector c31 = FloatVector.fromArray(S, init, i3 + L);
    FloatVector c32 = FloatVector.fromArray(S, init, i3 + 2 * L);
    FloatVector c33 = FloatVector.fromArray(S, init, i3 + 3 * L);
    for (int p = 0; p < kc; p++) {
      int bi = bIdx + p * (WIDE_NV * L);
      int ai = aIdx + p * ps;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
      FloatVector a0 = FloatVector.broadcast(S, a[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c02 = a0.fma(b2, c02);
      c03 = a0.fma(b3, c03);
      FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c12 = a1.fma(b2, c12);
      c13 = a1.fma(b3, c13);
      FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      c22 = a2.fma(b2, c22);
      c23 = a2.fma(b3, c23);
      FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c32 = a3.fma(b2, c32);
      c33 = a3.fma(b3, c33);
    }
    int c1 = cIdx + ldc;
    int c2 = cIdx + 2 * ldc;
    int c3 = cIdx + 3 * ldc;
    c00.intoArray(c, cIdx);
    c01.intoArray(c, cIdx + L);
    c02.intoArray(c, cIdx + 2 * L);
    c03.intoArray(c, cIdx + 3 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c13.intoArray(c, c1 + 3 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c23.intoArray(c, c2 + 3 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
    c33.intoArray(c, c3 + 3 * L);
  }

  /**
   * {@code C[MR x NR] at c[cIdx], row stride ldc}: {@code acc = init} (C itself to continue its
   * chains, or zeros to start them), then for each of the {@code kc} steps {@code acc[r][v] =
   * fma(A[r,p], B[p, v-th vector], acc[r][v])}, then {@code C = acc}. The twelve accumulators are
   * separate locals so they stay in registers.
   */
  private static void microKernel(int kc, float[] a, int aIdx, int rs, float[] b, int bIdx,
      float[] init, int iIdx, int ldi, float[] c, int cIdx, int ldc) {
    int i1 = iIdx + ldi;
    int i2 = iIdx + 2 * ldi;
    int i3 = iIdx + 3 * ldi;
    FloatVector c00 = FloatVector.fromArray(S, init, iIdx);
    FloatVector c01 = FloatVector.fromArray(S, init, iIdx + L);
    FloatVector c02 = FloatVector.fromArray(S, init, iIdx + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, init, i1);
    FloatVector c11 = FloatVector.fromArray(S, init, i1 + L);
    FloatVector c12 = FloatVector.fromArray(S, init, i1 + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, init, i2);
    FloatVector c21 = FloatVector.fromArray(S, init, i2 + L);
    FloatVector c22 = FloatVector.fromArray(S, init, i2 + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, init, i3);
    FloatVector c31 = FloatVector.fromArray(S, init, i3 + L);
    FloatVector c32 = FloatVector.fromArray(S, init, i3 + 2 * L);
    for (int p = 0; p < kc; p++) {
      int bi = bIdx + p * (NV * L);
      int ai = aIdx + p;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector a0 = FloatVector.broadcast(S, a[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c02 = a0.fma(b2, c02);
      FloatVector a1 = FloatVector.broadcast(S, a[ai + rs]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c12 = a1.fma(b2, c12);
      FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * rs]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      c22 = a2.fma(b2, c22);
      FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * rs]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c32 = a3.fma(b2, c32);
    }
    int c1 = cIdx + ldc;
    int c2 = cIdx + 2 * ldc;
    int c3 = cIdx + 3 * ldc;
    c00.intoArray(c, cIdx);
    c01.intoArray(c, cIdx + L);
    c02.intoArray(c, cIdx + 2 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
  }
  /** {@link #microKernel4Interleaved} with three vectors per row. */
  private static void microKernelInterleaved(int kc, float[] a, int aIdx, int ps, float[] b, int bIdx,
      float[] init, int iIdx, int ldi, float[] c, int cIdx, int ldc) {
    int i1 = iIdx + ldi;
    int i2 = iIdx + 2 * ldi;
    int i3 = iIdx + 3 * ldi;
    FloatVector c00 = FloatVector.fromArray(S, init, iIdx);
    FloatVector c01 = FloatVector.fromArray(S, init, iIdx + L);
    FloatVector c02 = FloatVector.fromArray(S, init, iIdx + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, init, i1);
    FloatVector c11 = FloatVector.fromArray(S, init, i1 + L);
    FloatVector c12 = FloatVector.fromArray(S, init, i1 + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, init, i2);
    FloatVector c21 = FloatVector.fromArray(S, init, i2 + L);
    FloatVector c22 = FloatVector.fromArray(S, init, i2 + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, init, i3);
    FloatVector c31 = FloatVector.fromArray(S, init, i3 + L);
    FloatVector c32 = FloatVector.fromArray(S, init, i3 + 2 * L);
    for (int p = 0; p < kc; p++) {
      int bi = bIdx + p * (NV * L);
      int ai = aIdx + p * ps;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector a0 = FloatVector.broadcast(S, a[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c02 = a0.fma(b2, c02);
      FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c12 = a1.fma(b2, c12);
      FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      c22 = a2.fma(b2, c22);
      FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c32 = a3.fma(b2, c32);
    }
    int c1 = cIdx + ldc;
    int c2 = cIdx + 2 * ldc;
    int c3 = cIdx + 3 * ldc;
    c00.intoArray(c, cIdx);
    c01.intoArray(c, cIdx + L);
    c02.intoArray(c, cIdx + 2 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
  }
}
