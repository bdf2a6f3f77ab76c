package dev.mtfengine.rl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void writesReadableFilesAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("sub").resolve("out.json");
    AtomicFiles.writeString(f, "{}");
    assertEquals("{}", Files.readString(f));
    assertEquals(List.of(f), files(f.getParent()));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
  }

  @Test
  void aFailingWriterLeavesTheOldContentAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("out.txt");
    AtomicFiles.writeString(f, "old");
    assertThrows(RuntimeException.class, () -> AtomicFiles.write(f, out -> {
      out.write("half".getBytes());
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(f));
    assertEquals(List.of(f), files(dir));
    assertTrue(Files.isRegularFile(f));
  }
}
