package org.hyperflux.core.signal;

/**
 * A function given to {@link Signal#map} failed for one navigation position while the map was
 * computed: the error its stream ends with ({@code onError}). It names the position and keeps
 * the function's exception as its cause. (A failure on the first signal while {@link
 * Signal#map(SignalMapper)} infers the output is thrown at build time as an {@link
 * IllegalArgumentException}.)
 */
public final class SignalFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long[] navigationIndex;

  /**
   * @param navigationIndex the position in natural order (x first); copied
   * @param operation what was running, e.g. the map's label
   * @param cause what the function threw
   */
  public SignalFunctionException(long[] navigationIndex, String operation, Throwable cause) {
    super("the function of " + operation + " failed at navigation index "
        + tuple(navigationIndex) + " (natural order, x first): " + cause, cause);
    this.navigationIndex = navigationIndex.clone();
  }

  /** The navigation index of the failing position, natural order (x first); a copy. */
  public long[] navigationIndex() {
    return navigationIndex.clone();
  }

  static String tuple(long[] values) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) b.append(", ");
      b.append(values[i]);
    }
    if (values.length == 1) b.append(',');
    return b.append(')').toString();
  }
}
