package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/equations.md lists exactly the methods annotated with @PaperEquation, with their paper and equation. */
class EquationsDocTest {

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("docs"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  @Test
  void docListsEveryAnnotatedMethod() throws IOException, URISyntaxException, ClassNotFoundException {
    // The main classes' folder of the package (test classes of the same package live elsewhere).
    URL anchor = PaperEquation.class.getResource("PaperEquation.class");
    TreeSet<String> code = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of(anchor.toURI()).getParent())) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> c = Class.forName(PaperEquation.class.getPackageName() + "." + name.replace(".class", ""));
        for (Method m : c.getDeclaredMethods()) {
          PaperEquation e = m.getAnnotation(PaperEquation.class);
          if (e != null) {
            code.add("| `" + c.getSimpleName() + "." + m.getName() + "` | " + e.paper() + " | " + e.eq() + " |");
          }
        }
      }
    }
    TreeSet<String> doc = new TreeSet<>();
    for (String line : Files.readAllLines(repoRoot().resolve("docs/equations.md"))) {
      if (line.startsWith("| `")) {
        doc.add(line.trim());
      }
    }
    assertFalse(code.isEmpty());
    assertEquals(code, doc, "docs/equations.md and the @PaperEquation annotations differ");
  }
}
