package dev.mtfengine.rl.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @Test
  void roundTripKeepsNamesOrderValuesAndMetadata(@TempDir Path dir) throws IOException {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3);
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("actor.layer1.weight", Tensor.randn(rng, DType.F32, 4, 3));
    t.put("actor.layer0.bias", Tensor.randn(rng, DType.F32, 3));
    t.put("critic.weight", Tensor.randn(rng, DType.F64, 2, 3, 5));
    t.put("step", Tensor.scalar(7, DType.F64));
    Path f = dir.resolve("weights.safetensors");
    SafeTensors.write(f, t, Map.of("format", "pt", "step", "7"));
    SafeTensors.Contents c = SafeTensors.read(f);
    assertEquals(List.copyOf(t.keySet()), List.copyOf(c.tensors().keySet()));
    for (String k : t.keySet()) {
      assertTrue(t.get(k).bitEquals(c.get(k)), k);
    }
    assertEquals("7", c.metadata().get("step"));
    // Header length is a multiple of 8 and the header parses as the layout says.
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.contains("\"actor.layer1.weight\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[0,48]}"), header);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file left");
    }
  }

  @Test
  void damagedFilesAreRefusedNamingTheProblem(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, Map.of("w", Tensor.ones(DType.F32, 10)), Map.of());
    byte[] ok = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(ok, ok.length - 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(cut));
    assertTrue(e.getMessage().contains("cut.safetensors") && e.getMessage().contains("tensor 'w'"), e.getMessage());
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[3]);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(tiny)).getMessage().contains("truncated"));
    Path junk = dir.resolve("junk.safetensors");
    byte[] j = ok.clone();
    j[8] = 'x';
    Files.write(junk, j);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(junk)).getMessage().contains("not valid JSON"));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(dir.resolve("bad"), Map.of("__metadata__", Tensor.ones(DType.F32, 1)), Map.of()));
  }
}
