package dev.mtfengine.rl.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one way this project writes a file: into a temporary file in the target's folder, forced to
 * disk, then renamed over the target, so readers see either the old content or the complete new
 * one; on failure the temporary file is removed and the target is untouched. Finished files get the
 * usual {@code rw-r--r--} permissions on POSIX systems (a bare temporary file would be private).
 */
public final class AtomicFiles {
  /** What produces the content, given the stream of the temporary file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code content} to {@code target} atomically. */
  public static void write(Path target, Content content) {
    Path tmp = null;
    try {
      tmp = temporarySibling(target);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(ch);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      commit(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Writes {@code text} (UTF-8) to {@code target} atomically. */
  public static void writeString(Path target, String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /**
   * A new empty temporary file beside {@code target} (same folder, so the final rename is atomic),
   * creating the folder if needed; for writers that stream and {@link #commit} at the end.
   */
  public static Path temporarySibling(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String prefix = "." + target.getFileName();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(dir, prefix, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  /** Renames a finished temporary file over {@code target} (atomically where the file system can). */
  public static void commit(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Removes a temporary file, if any, without masking the failure that is being reported. */
  public static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // the original failure is the one worth reporting
    }
  }

  /** Deletes {@code path} and everything under it, if it exists (leftovers of interrupted writes). */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(path)) {
      for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    }
  }
}
