package org.hyperflux.io.mib;

/**
 * Merlin data that cannot be decoded: a frame header that is not {@code MQ1}, a field that does
 * not parse, an acquisition header without its {@code End} line, a length that does not match.
 * The message names where the bytes came from (file or connection), the frame and the field.
 */
public final class MerlinFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MerlinFormatException(String message) {
    super(message);
  }
}
