package dev.mtfengine.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mtfengine.tensor.GradCheck;
import dev.mtfengine.tensor.Primitive;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/gradients.md}, {@link Primitives#all()}, {@link GradCheck}'s table and the
 * primitives of this package in step: adding a primitive without registering, documenting
 * and tabulating it fails here.
 */
class GradientDocTest {

  /** One row of the primitives table: name, forward, VJP, domain, tolerance. */
  private record Row(String name, String forward, String vjp, String domain, String tolerance) {}

  private static final String PACKAGE = "dev.mtfengine.tensor.ops";

  @Test
  void tableListsExactlyThePrimitivesInRegistryOrder() throws IOException {
    List<String> documented = readTable().stream().map(Row::name).toList();
    List<String> registered = Primitives.all().stream().map(Primitive::name).toList();
    assertEquals(registered, documented,
        "docs/gradients.md's table must list Primitives.all() by name(), in order");
  }

  @Test
  void tableDomainAndToleranceColumnsMatchGradCheck() throws IOException {
    List<String> names = Primitives.all().stream().map(Primitive::name).toList();
    assertEquals(names, GradCheck.tabulatedPrimitives(),
        "GradCheck's table must cover Primitives.all(), in order");
    for (Row row : readTable()) {
      assertEquals(GradCheck.domain(row.name()).description(), row.domain(),
          "domain column of " + row.name());
      assertEquals(GradCheck.tolerance(row.name()).toString(), row.tolerance(),
          "tolerance column of " + row.name());
      assertTrue(!row.forward().isEmpty() && !row.vjp().isEmpty(),
          "forward and VJP of " + row.name() + " must be filled in");
    }
  }

  /**
   * A primitive of the ops package is either a record implementing {@link Primitive} (one with
   * parameters) or a static {@code Primitive} constant made by {@link Primitive#of} (one without):
   * every record class must have an instance in the registry, every constant must be in it.
   */
  @Test
  void everyPrimitiveOfTheOpsPackageIsRegistered() throws Exception {
    List<Primitive> registry = Primitives.all();
    Set<String> registeredClasses = registry.stream()
        .map(p -> p.getClass().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> found = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (String className : opsClassNames()) {
      Class<?> c = Class.forName(className, false, Primitives.class.getClassLoader());
      if (Primitive.class.isAssignableFrom(c) && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())) {
        found.add(c.getName());
        if (!registeredClasses.contains(c.getName())) {
          missing.add(c.getName());
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == Primitive.class) {
          Object constant = f.get(null);
          found.add(c.getName() + "." + f.getName());
          if (registry.stream().noneMatch(p -> p == constant)) {
            missing.add(c.getName() + "." + f.getName());
          }
        }
      }
    }
    assertTrue(found.size() >= registry.size(), "ops scan found too few primitives: " + found);
    if (!missing.isEmpty()) {
      fail("primitives of the ops package not in Primitives.all(): " + missing);
    }
  }

  /** Names of the classes of the ops package, from the compiled classes or else the sources. */
  private static List<String> opsClassNames() throws IOException, URISyntaxException {
    URL self = Primitives.class.getResource("Primitives.class");
    List<String> names = new ArrayList<>();
    if (self != null && "file".equals(self.getProtocol())) {
      Path dir = Path.of(self.toURI()).getParent();
      try (Stream<Path> files = Files.list(dir)) {
        files.map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".class"))
            .forEach(n -> names.add(PACKAGE + "." + n.substring(0, n.lastIndexOf('.'))));
      }
      return names;
    }
    // Packaged as a jar: the sources of the ops package are the fallback.
    Path src = repoRoot().resolve("engine-tensor/src/main/java/dev/mtfengine/tensor/ops");
    try (Stream<Path> files = Files.list(src)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .forEach(n -> names.add(PACKAGE + "." + n.substring(0, n.lastIndexOf('.'))));
    }
    return names;
  }

  /** The nearest folder at or above the working directory that contains docs/gradients.md. */
  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("docs/gradients.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      fail("no docs/gradients.md above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** The rows of the table under the header starting {@code | primitive |}. */
  static List<Row> readTable() throws IOException {
    List<String> lines = Files.readAllLines(repoRoot().resolve("docs/gradients.md"),
        StandardCharsets.UTF_8);
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("| primitive |")) {
        header = i;
        break;
      }
    }
    assertTrue(header >= 0, "docs/gradients.md has no table with a 'primitive' column");
    List<Row> rows = new ArrayList<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String line = lines.get(i).trim();
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      assertEquals(5, cells.length,
          "docs/gradients.md line " + (i + 1) + " needs 5 cells: " + line);
      String name = cells[0].trim();
      assertTrue(name.startsWith("`") && name.endsWith("`") && name.length() > 2,
          "line " + (i + 1) + ": the name must be in backticks: " + name);
      rows.add(new Row(name.substring(1, name.length() - 1), cells[1].trim(), cells[2].trim(),
          cells[3].trim(), cells[4].trim()));
    }
    return rows;
  }
}
