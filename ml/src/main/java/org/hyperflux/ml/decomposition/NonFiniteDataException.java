package org.hyperflux.ml.decomposition;

/**
 * The data holds a NaN or an infinite value where a decomposition needs finite numbers; the
 * message names the position.
 */
public final class NonFiniteDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public NonFiniteDataException(String message) {
    super(message);
  }
}
