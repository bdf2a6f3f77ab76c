package dev.mtfengine.tensor;

/** The single entry point through which every primitive is applied. */
public final class Autodiff {
  private Autodiff() {}

  /**
   * Runs {@code primitive} on {@code inputs}. When an input is tracked on a recording tape, the
   * application is recorded there and the output is tracked too; otherwise the output is a plain
   * value. Inputs tracked on two different tapes are an error.
   */
  public static Tensor apply(Primitive primitive, Tensor... inputs) {
    Tape tape = null;
    boolean tracked = false;
    Tensor[] values = inputs;
    for (int i = 0; i < inputs.length; i++) {
      Tape.Node n = inputs[i].node;
      if (n == null) {
        continue;
      }
      if (tape == null) {
        tape = n.tape;
      } else if (tape != n.tape) {
        throw new IllegalStateException(
            primitive.name() + ": inputs are tracked on two different tapes");
      }
      if (!tracked) {
        values = new Tensor[inputs.length];
        for (int j = 0; j < inputs.length; j++) {
          values[j] = inputs[j].detach();
        }
        tracked = true;
      }
    }
    Tensor out = primitive.forward(values);
    if (tape == null || !tape.isRecording()) {
      return out;
    }
    return tape.record(primitive, inputs, values, out);
  }
}
