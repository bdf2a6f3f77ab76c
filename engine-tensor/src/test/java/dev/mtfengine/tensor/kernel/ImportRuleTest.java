package dev.mtfengine.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Design rule 5: only the SIMD kernel package ({@code kernel/simd/}) imports {@code
 * jdk.incubator.vector}; everything else must load and run without the incubator module.
 */
class ImportRuleTest {
  private static final Pattern VECTOR_IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?jdk\\.incubator\\.vector\\b", Pattern.MULTILINE);

  @Test
  void onlyKernelSimdImportsTheVectorApi() throws IOException {
    Path root = repositoryRoot();
    List<Path> sources = javaSourcesOfModules(root);
    List<String> offenders = new ArrayList<>();
    int simdImporters = 0;
    for (Path file : sources) {
      String text = Files.readString(file);
      if (!VECTOR_IMPORT.matcher(text).find()) {
        continue;
      }
      String unixPath = root.relativize(file).toString().replace('\\', '/');
      if (unixPath.contains("/kernel/simd/")) {
        simdImporters++;
      } else {
        offenders.add(unixPath);
      }
    }
    assertEquals(List.of(), offenders, "files outside kernel/simd/ importing jdk.incubator.vector");
    // Guards against a scan that silently found nothing (wrong root, moved folders).
    assertTrue(simdImporters > 0, "no kernel/simd/ source importing the Vector API was found under " + root);
  }

  /**
   * engine-mtf's two layers (issue 16): the domain packages (sim, fusion, log, metrics, baseline,
   * serve, task) never import the application packages (cli, experiment, report), which build on
   * them; {@code progress} (the progress port and its terminal rendering) imports neither.
   */
  @Test
  void engineMtfDomainNeverImportsTheApplication() throws IOException {
    Path mtf = repositoryRoot().resolve("engine-mtf/src/main/java/dev/mtfengine/mtf");
    List<String> domain = List.of("sim", "fusion", "log", "metrics", "baseline", "serve", "task");
    Pattern application = Pattern.compile(
        "^\\s*import\\s+(static\\s+)?dev\\.mtfengine\\.mtf\\.(cli|experiment|report)\\.", Pattern.MULTILINE);
    Pattern anyMtf = Pattern.compile("^\\s*import\\s+(static\\s+)?dev\\.mtfengine\\.mtf\\.(?!progress\\.)",
        Pattern.MULTILINE);
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String layer : List.of("sim", "fusion", "log", "metrics", "baseline", "serve", "task", "progress")) {
      try (Stream<Path> files = Files.walk(mtf.resolve(layer))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
          String text = Files.readString(f);
          scanned++;
          Pattern rule = domain.contains(layer) ? application : anyMtf;
          if (rule.matcher(text).find()) {
            offenders.add(mtf.relativize(f).toString().replace('\\', '/'));
          }
        }
      }
    }
    assertEquals(List.of(), offenders, "engine-mtf domain (or progress) sources importing the application layer");
    assertTrue(scanned > 50, "only " + scanned + " domain sources found under " + mtf);
  }

  /** Walks up from the working directory to the pom.xml that lists module engine-tensor. */
  static Path repositoryRoot() throws IOException {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>engine-tensor</module>")) {
        return d;
      }
    }
    throw new IllegalStateException("no pom.xml with <module>engine-tensor</module> above " + dir);
  }

  /** Every *.java below {@code <module>/src} for each direct child folder of the root. */
  private static List<Path> javaSourcesOfModules(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(Files::isDirectory).collect(Collectors.toList())) {
        Path src = module.resolve("src");
        if (!Files.isDirectory(src)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(src)) {
          files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
        }
      }
    }
    return out;
  }
}
