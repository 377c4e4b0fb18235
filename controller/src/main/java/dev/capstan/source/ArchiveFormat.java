package dev.capstan.source;

/** How {@link RepositoryMirrors#treeArchive} packs a tree: a plain tar or a gzip-compressed one. */
public enum ArchiveFormat {
  /** An uncompressed POSIX tar, for {@code tar -x}. */
  TAR,
  /** The same tar compressed with gzip, for {@code tar -xz}. */
  TAR_GZ
}
