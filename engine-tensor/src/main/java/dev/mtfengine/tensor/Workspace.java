package dev.mtfengine.tensor;

import dev.mtfengine.tensor.nn.Params;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The large arrays of one training step, handed out again in the next step instead of allocated
 * anew (issue 12). A step of IntegratedRL at hidden 256 makes about 190 MB of activations and
 * gradients; fresh arrays cost a zeroing pass and, on this project's machines, first-touch page
 * faults (about 8 ms of an 80 ms step, measured), while the same arrays reused cost neither.
 *
 * <p>A workspace is owned by one learner and used by one thread at a time. Between {@link #enter}
 * and the scope's close, every op output of at least {@link #MIN_ELEMENTS} elements that the op
 * writes in full ({@code Axes.newOutput}: matmul, bias and ReLU, element-wise ops, broadcast,
 * concat) is taken from the arrays the previous scope gave back, of the same dtype and length; at
 * close, every array handed out in the scope is given back. So nothing made inside a scope may be
 * used after it: the owner computes its persistent state (optimiser steps, target averages) with
 * plain allocation, and {@link #requireNotOwned} checks that state after each scope. Reused arrays
 * hold the previous step's values, never zeros: an op that needs zeros allocates them itself
 * ({@code Axes.newRaw}). Results are the same bits with and without a workspace ({@code
 * WorkspaceTest}; under {@link Mode#CHECKED} every reused array is first filled with NaN, so an op
 * that read an element before writing it would show).
 */
public final class Workspace {
  /** Smaller arrays are always allocated: reusing them saves nothing worth the bookkeeping. */
  public static final int MIN_ELEMENTS = 4096;

  /** What {@link #enter} does; the default is read once from {@code -Dmtf.workspace}. */
  public enum Mode {
    /** Arrays are reused from scope to scope. */
    REUSE,
    /** Reused, and filled with NaN before each reuse: for tests of the no-read-before-write rule. */
    CHECKED,
    /** Scopes do nothing: every array is allocated, as without a workspace. */
    OFF
  }

  private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();
  private static final Mode DEFAULT_MODE = parseMode(System.getProperty("mtf.workspace", "reuse"));

  private final Mode mode;
  private final Map<Integer, ArrayDeque<float[]>> freeF32 = new HashMap<>();
  private final Map<Integer, ArrayDeque<double[]>> freeF64 = new HashMap<>();
  private final List<Object> inUse = new ArrayList<>();
  private final Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());

  /** A workspace in the JVM's default mode ({@code -Dmtf.workspace=reuse|checked|off}). */
  public Workspace() {
    this(DEFAULT_MODE);
  }

  public Workspace(Mode mode) {
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Makes this workspace the calling thread's until the returned scope closes, which gives back
   * every array handed out meanwhile. Scopes do not nest.
   */
  public Scope enter() {
    if (ACTIVE.get() != null) {
      throw new IllegalStateException("Workspace.enter: this thread is already inside a workspace scope");
    }
    if (mode != Mode.OFF) {
      ACTIVE.set(this);
    }
    return new Scope();
  }

  /** The open part of a workspace's life: closing it gives the arrays back. */
  public final class Scope implements AutoCloseable {
    private Scope() {}

    @Override
    public void close() {
      if (mode == Mode.OFF) {
        return;
      }
      ACTIVE.remove();
      for (Object a : inUse) {
        if (a instanceof float[] f) {
          freeF32.computeIfAbsent(f.length, n -> new ArrayDeque<>()).push(f);
        } else {
          double[] d = (double[]) a;
          freeF64.computeIfAbsent(d.length, n -> new ArrayDeque<>()).push(d);
        }
      }
      inUse.clear();
    }
  }

  /**
   * Throws if a tensor of {@code states} is stored in an array this workspace hands out: state meant
   * to outlive a scope was computed inside one ({@code owner} names it in the message).
   */
  public void requireNotOwned(String owner, Params... states) {
    for (Params p : states) {
      for (String name : p.names()) {
        Tensor t = p.get(name);
        if (owned.contains(t.dtype() == DType.F32 ? t.rawF32() : t.rawF64())) {
          throw new IllegalStateException("Workspace: " + owner + " parameter '" + name + "' " + t.shape()
              + " lives in a workspace array, which the next step overwrites");
        }
      }
    }
  }

  /** Arrays this workspace holds (in use or free), for tests and diagnostics. */
  public int arrays() {
    return owned.size();
  }

  /**
   * A float array of length n whose every element the caller writes before reading: from the
   * thread's workspace scope if one is open and n is at least {@link #MIN_ELEMENTS}, else new.
   */
  public static float[] floats(int n) {
    Workspace w = n >= MIN_ELEMENTS ? ACTIVE.get() : null;
    return w == null ? new float[n] : w.takeF32(n);
  }

  /** F64 counterpart of {@link #floats}. */
  public static double[] doubles(int n) {
    Workspace w = n >= MIN_ELEMENTS ? ACTIVE.get() : null;
    return w == null ? new double[n] : w.takeF64(n);
  }

  private float[] takeF32(int n) {
    ArrayDeque<float[]> free = freeF32.get(n);
    float[] a = free == null ? null : free.poll();
    if (a == null) {
      a = new float[n];
      owned.add(a);
    } else if (mode == Mode.CHECKED) {
      java.util.Arrays.fill(a, Float.NaN);
    }
    inUse.add(a);
    return a;
  }

  private double[] takeF64(int n) {
    ArrayDeque<double[]> free = freeF64.get(n);
    double[] a = free == null ? null : free.poll();
    if (a == null) {
      a = new double[n];
      owned.add(a);
    } else if (mode == Mode.CHECKED) {
      java.util.Arrays.fill(a, Double.NaN);
    }
    inUse.add(a);
    return a;
  }

  private static Mode parseMode(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "reuse" -> Mode.REUSE;
      case "checked" -> Mode.CHECKED;
      case "off" -> Mode.OFF;
      default -> throw new IllegalArgumentException(
          "-Dmtf.workspace=" + s + ": want reuse, checked or off");
    };
  }
}
