package dev.mtfengine.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearTest {

  @Test
  void computesXTimesWPlusB() {
    Linear layer = new Linear(2, 3);
    // W [2, 3] stored [in, out]; x [1, 2] = [1, 2] -> x W = [1*1 + 2*4, 1*2 + 2*5, 1*3 + 2*6]
    Params p = Params.of(
        "weight", Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}),
        "bias", Tensor.of(new double[] {0.5, -1, 0}, 3));
    Tensor y = layer.forward(p, Tensor.of(new double[][] {{1, 2}}));
    assertEquals(Shape.of(1, 3), y.shape());
    assertArrayEquals(new double[] {9.5, 11, 15}, y.toDoubleArray(), 0);
  }

  @Test
  void initCreatesWeightAndBiasOfTheRightShapes() {
    Linear layer = new Linear(5, 7);
    Params p = layer.init(new Xoshiro256StarStar(3), DType.F32);
    assertEquals(List.of("weight", "bias"), p.names());
    assertEquals(Shape.of(5, 7), p.get("weight").shape());
    assertEquals(Shape.of(7), p.get("bias").shape());
    assertEquals(Shape.of(4, 7), layer.forward(p, Tensor.zeros(DType.F32, 4, 5)).shape());
  }

  @Test
  void shapeErrorsNameTheLayerAndTheShapes() {
    Linear layer = new Linear("layer1", 5, 7);
    Params p = layer.init(new Xoshiro256StarStar(3), DType.F32);
    TensorShapeException input = assertThrows(TensorShapeException.class,
        () -> layer.forward(p, Tensor.zeros(DType.F32, 4, 6)));
    assertTrue(input.getMessage().contains("layer1") && input.getMessage().contains("[4, 6]")
        && input.getMessage().contains("[5, 7]"), input.getMessage());
    TensorShapeException weight = assertThrows(TensorShapeException.class,
        () -> layer.forward(Tensor.zeros(DType.F32, 7, 5), p.get("bias"), Tensor.zeros(DType.F32, 4, 5)));
    assertTrue(weight.getMessage().contains("layer1") && weight.getMessage().contains("[7, 5]"),
        weight.getMessage());
    TensorShapeException dtype = assertThrows(TensorShapeException.class,
        () -> layer.forward(p, Tensor.zeros(DType.F64, 4, 5)));
    assertTrue(dtype.getMessage().contains("F64") && dtype.getMessage().contains("F32"),
        dtype.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3));
  }
}
