package org.hyperflux.io.hdf5.write;

import java.io.IOException;

/** Space at the end of the file being written. Thread-safe. */
interface Appender {
  /** Appends {@code bytes[0, length)}; returns their file address. */
  long append(byte[] bytes, int length) throws IOException;

  /** Reserves {@code length} bytes at the end of the file, filled later with {@link #writeAt}. */
  long reserve(long length) throws IOException;

  /** Writes {@code bytes[0, length)} at {@code address}, inside space reserved before. */
  void writeAt(long address, byte[] bytes, int length) throws IOException;
}
