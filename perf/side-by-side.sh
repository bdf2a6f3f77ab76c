#!/usr/bin/env bash
# IntegratedRL's update step, ours (JMH, IntegratedRlStepBenchmark) against PyTorch's
# (perf/pytorch/integrated_rl_step.py), same shapes, 1 and 2 threads, one after the other, plus
# OpenBLAS sgemm at 2048 x 2048 as the machine's practical peak. Issue 12, item 1. Not part of CI.
#
# Needs: perf/target/benchmarks.jar (mvn -B install -DskipTests) and Debian's python3-torch with
# libopenblas0-pthread (without it PyTorch falls back to the reference BLAS). Installs nothing.
# OPENBLAS_CORETYPE is unset for the run: forcing an older core makes OpenBLAS slower than the machine.
#
# Usage: perf/side-by-side.sh [JMH options]   e.g.  perf/side-by-side.sh -f 1 -wi 2 -i 3
# (default: the benchmark's own forks and iterations, about 5 minutes for the JMH part; TORCH_STEPS=N
# times N PyTorch steps instead of 100)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=perf/target/benchmarks.jar
script=perf/pytorch/integrated_rl_step.py
py=${PYTHON:-/usr/bin/python3}  # Debian's interpreter, where python3-torch installs (override with PYTHON=)
[ -f "$jar" ] || { echo "side-by-side: $jar is missing; run 'mvn -B install -DskipTests' first" >&2; exit 2; }
"$py" -c 'import torch' 2>/dev/null || {
  echo "side-by-side: $py cannot import torch; install Debian's python3-torch and libopenblas0-pthread" >&2; exit 2; }
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
  echo "side-by-side: unsetting OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE, which forces an OpenBLAS core: the machine's own is measured" >&2
  unset OPENBLAS_CORETYPE
fi
# The JVM's options as ./mtf runs them: transparent huge pages where the kernel offers them on
# request (JMH's forks inherit them; the -jvmArgsAppend below replaces the benchmark's own).
thp_opts=""
case "$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)" in
  *"[always]"* | *"[madvise]"*) thp_opts="-XX:+UseTransparentHugePages" ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
# sgemm: best of 30 products (five gave 128-192 GFLOP/s on one thread from run to run on this shared
# machine; a low peak would flatter the share of sgemm)
for t in 1 2; do
  OPENBLAS_NUM_THREADS=$t "$py" - "$t" <<'PY'
import sys, time, torch
t = int(sys.argv[1]); torch.set_num_threads(t)
n = 2048; a = torch.randn(n, n); b = torch.randn(n, n); torch.mm(a, b)
best = min((lambda t0: (torch.mm(a, b), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(30))
print(f"sgemm threads={t} gflops={2 * n ** 3 / best / 1e9:.1f}")
PY
done | tee "$work/sgemm.txt"

for t in 1 2; do
  # shellcheck disable=SC2086 # thp_opts is empty or one option
  java --add-modules jdk.incubator.vector $thp_opts -jar "$jar" IntegratedRlStep -p hidden=64,256 \
    -jvmArgsAppend "-Dmtf.threads=$t" -rf csv -rff "$work/jmh-$t.csv" "$@" > "$work/jmh-$t.log" 2>&1 \
    || { echo "side-by-side: JMH failed, see its log:" >&2; tail -20 "$work/jmh-$t.log" >&2; exit 1; }
  echo "ours, $t thread(s): $(grep -m1 -o "mtf-engine kernels: .*" "$work/jmh-$t.log" || echo "kernel path not logged")"
  for h in 64 256; do
    for run in 1 2 3; do  # PyTorch's run-to-run spread is wide: its best of three is the fair case
      OPENBLAS_NUM_THREADS=$t "$py" "$script" --hidden "$h" --threads "$t" --steps "${TORCH_STEPS:-100}"
    done
  done > "$work/torch-$t.txt"
done

python3 - "$work" <<'PY'
import csv, re, sys, glob
work = sys.argv[1]
S, A, M, B = 128, 10, 24, 256
peak = {int(m.group(1)): float(m.group(2)) for m in re.finditer(r"threads=(\d+) gflops=([\d.]+)", open(f"{work}/sgemm.txt").read())}
print()
print("| hidden | threads | ours ms/step | PyTorch ms/step (best of 3) | ours / PyTorch | ours GFLOP/s | share of sgemm |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for t in (1, 2):
    ours = {}
    for row in csv.DictReader(open(f"{work}/jmh-{t}.csv")):
        ours[int(row["Param: hidden"])] = float(row["Score"])
    torch_ms = {}
    for m in re.finditer(r"hidden=(\d+) threads=\d+ median_ms=([\d.]+)", open(f"{work}/torch-{t}.txt").read()):
        h = int(m.group(1)); torch_ms[h] = min(torch_ms.get(h, float("inf")), float(m.group(2)))
    for h in (64, 256):
        c = (S + A) * h + h * h + h                     # multiply-adds per sample and critic
        # target 1 pass, critic step 3 (forward, weight and input gradients; no input gradient of the
        # first layer: the data needs none), actor through the critics 2 (forward, input gradient)
        gflop = 2 * M * B * (6 * c - (S + A) * h) / 1e9
        rate = gflop / (ours[h] / 1e3)
        print(f"| {h} | {t} | {ours[h]:.2f} | {torch_ms[h]:.2f} | {ours[h] / torch_ms[h]:.2f} | {rate:.1f} | {rate / peak[t]:.0%} |")
print()
print("sgemm 2048 (PyTorch's OpenBLAS): " + ", ".join(f"{t} thread(s) {g:.1f} GFLOP/s" for t, g in sorted(peak.items())))
PY
