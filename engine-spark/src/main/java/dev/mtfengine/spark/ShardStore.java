package dev.mtfengine.spark;

import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Transition shards on any file system Spark reaches (local, HDFS, S3 through Hadoop's connectors).
 * A {@code .mtft} file is written and read by engine-rl's {@link TransitionFile}, which works on
 * local files (it memory-maps them); this class moves them between the executor's local disk and
 * the shared file system, always under a temporary name first and renamed into place, so a reader
 * never sees half a shard. Executors use Hadoop's default {@link Configuration} (the cluster's
 * {@code core-site.xml} on their class path).
 */
final class ShardStore {
  private ShardStore() {}

  static FileSystem fileSystem(String path) {
    try {
      return new Path(path).getFileSystem(new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code set} to {@code target} (temporary name, then rename); returns its content hash. */
  static String write(TransitionSet set, String target) {
    java.nio.file.Path local = null;
    try {
      local = Files.createTempFile("mtf-shard-", ".mtft");
      Files.delete(local); // TransitionFile.write creates it itself, atomically
      String hash = TransitionFile.write(set, local);
      Path to = new Path(target);
      FileSystem fs = to.getFileSystem(new Configuration());
      Path temporary = new Path(to.getParent(), "." + to.getName() + ".tmp");
      fs.copyFromLocalFile(true, true, new Path(local.toUri()), temporary);
      if (!fs.rename(temporary, to)) {
        throw new IOException("rename of " + temporary + " to " + to + " failed (does " + to + " exist?)");
      }
      return hash;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the shard " + target + ": " + e.getMessage(), e);
    } finally {
      if (local != null) {
        try {
          Files.deleteIfExists(local);
        } catch (IOException ignored) {
          // the temporary file lives in java.io.tmpdir; the shard itself is complete
        }
      }
    }
  }

  /**
   * Reads a shard: a local file in place (memory-mapped), any other one copied to the local disk
   * first. Refused with TransitionFile's message naming the file when it is damaged.
   */
  static TransitionSet read(String path) {
    Path p = new Path(path);
    String scheme = p.toUri().getScheme();
    if (scheme == null || scheme.equals("file")) {
      return TransitionFile.read(java.nio.file.Path.of(p.toUri().getPath()));
    }
    try {
      java.nio.file.Path local = Files.createTempFile("mtf-shard-", ".mtft");
      local.toFile().deleteOnExit(); // memory-mapped while training; removed when the executor exits
      p.getFileSystem(new Configuration()).copyToLocalFile(false, p, new Path(local.toUri()), true);
      return TransitionFile.read(local);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shard " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files under each of {@code paths} whose names end with {@code suffix} (a path naming a
   * file is taken as is), sorted by full name within each path; hidden files (starting with '.'
   * or '_') are left out, as Spark's own readers do.
   */
  static List<String> list(List<String> paths, String suffix) {
    List<String> out = new ArrayList<>();
    for (String given : paths) {
      Path p = new Path(given);
      try {
        FileSystem fs = p.getFileSystem(new Configuration());
        if (!fs.exists(p)) {
          throw new IllegalArgumentException(given + ": no such file or directory");
        }
        FileStatus status = fs.getFileStatus(p);
        if (status.isFile()) {
          out.add(name(status.getPath()));
          continue;
        }
        List<String> inside = new ArrayList<>();
        for (FileStatus f : fs.listStatus(p)) {
          String name = f.getPath().getName();
          if (f.isFile() && name.endsWith(suffix) && !name.startsWith(".") && !name.startsWith("_")) {
            inside.add(name(f.getPath()));
          }
        }
        if (inside.isEmpty()) {
          throw new IllegalArgumentException(given + ": the directory holds no *" + suffix + " file");
        }
        inside.sort(null);
        out.addAll(inside);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + given + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** A local file by its plain path (as messages on one machine name it), any other by its URI. */
  private static String name(Path p) {
    return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
  }

  static boolean exists(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(new Configuration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  static void mkdirs(String path) {
    try {
      Path p = new Path(path);
      p.getFileSystem(new Configuration()).mkdirs(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path + ": " + e.getMessage(), e);
    }
  }

  static void delete(String path) {
    try {
      Path p = new Path(path);
      p.getFileSystem(new Configuration()).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  /** Renames a directory (atomic on HDFS and on a local disk). */
  static void rename(String from, String to) {
    try {
      Path f = new Path(from);
      if (!f.getFileSystem(new Configuration()).rename(f, new Path(to))) {
        throw new IOException("the file system refused");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  /** Writes a small text file (a summary) under a temporary name, then renames it into place. */
  static void writeText(String target, String text) {
    try {
      Path to = new Path(target);
      FileSystem fs = to.getFileSystem(new Configuration());
      Path temporary = new Path(to.getParent(), "." + to.getName() + ".tmp");
      try (var out = fs.create(temporary, true)) {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      fs.delete(to, false);
      if (!fs.rename(temporary, to)) {
        throw new IOException("rename failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
