package dev.capstan.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Config files on their way to a host: a tar of their contents, sent on the command's standard
 * input. Never as arguments of the command: a remote command line is readable by every user of the
 * host ({@code /proc/PID/cmdline}), and the contents are secrets.
 */
final class ConfigFiles {

  private ConfigFiles() {}

  /** A tar holding {@code paths}, each with its content from {@code contents}, mode 0600. */
  static byte[] tar(Map<String, byte[]> contents, List<String> paths) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String path : paths) {
        byte[] content = contents.get(path);
        if (content == null) {
          throw new IllegalArgumentException("no content for config file " + path);
        }
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(content.length);
        entry.setMode(0600);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
