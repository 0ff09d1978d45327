package org.hyperflux.core.signal;

/**
 * The kind of a {@link Signal}, derived from its number of signal axes as HyperSpy assigns its
 * classes: one signal axis is a {@code Signal1D}, two a {@code Signal2D}, anything else a {@code
 * BaseSignal}.
 */
public enum SignalKind {
  /** Any number of signal axes other than 1 or 2 (HyperSpy's {@code BaseSignal}). */
  BASE("BaseSignal", "LazySignal"),
  /** One signal axis (HyperSpy's {@code Signal1D}). */
  SIGNAL1D("Signal1D", "LazySignal1D"),
  /** Two signal axes (HyperSpy's {@code Signal2D}). */
  SIGNAL2D("Signal2D", "LazySignal2D");

  private final String className;
  private final String lazyClassName;

  SignalKind(String className, String lazyClassName) {
    this.className = className;
    this.lazyClassName = lazyClassName;
  }

  /** The kind of a signal with {@code signalDimension} signal axes. */
  public static SignalKind of(int signalDimension) {
    return switch (signalDimension) {
      case 1 -> SIGNAL1D;
      case 2 -> SIGNAL2D;
      default -> BASE;
    };
  }

  /** HyperSpy's class name for this kind: {@code Signal1D}, or {@code LazySignal1D} when lazy. */
  public String className(boolean lazy) {
    return lazy ? lazyClassName : className;
  }
}
