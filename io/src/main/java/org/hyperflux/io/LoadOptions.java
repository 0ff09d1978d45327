package org.hyperflux.io;

import java.util.Objects;
import org.hyperflux.core.exec.ExecOptions;

/**
 * How {@link SignalFiles#load} reads a file. Immutable; derive variants with the {@code with*}
 * methods.
 *
 * <ul>
 *   <li>{@link #lazy()}: true (the default) returns lazy signals, whose data are read chunk by
 *       chunk when computed; false computes them into memory before returning (HyperSpy's
 *       {@code lazy=False}, its default).
 *   <li>{@link #format()}: the format's name; null (the default) detects it from the content.
 *   <li>{@link #exec()}: the execution options of an eager load.
 * </ul>
 */
public final class LoadOptions {
  private static final LoadOptions DEFAULTS = new LoadOptions(true, null, null);

  private final boolean lazy;
  private final String format;
  private final ExecOptions exec;

  private LoadOptions(boolean lazy, String format, ExecOptions exec) {
    this.lazy = lazy;
    this.format = format;
    this.exec = exec;
  }

  /** Lazy, format detected, default execution. */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /** Whether signals are returned lazy (true) or computed into memory. */
  public boolean lazy() {
    return lazy;
  }

  /** The format's name, or null to detect it. */
  public String format() {
    return format;
  }

  /** The execution options of an eager load ({@link ExecOptions#defaults()} unless set). */
  public ExecOptions exec() {
    return exec == null ? ExecOptions.defaults() : exec;
  }

  /** Lazy ({@code true}) or eager signals. */
  public LoadOptions withLazy(boolean lazy) {
    return new LoadOptions(lazy, format, exec);
  }

  /** Reads the file as format {@code format} (a provider's name) without detecting it; null: detect. */
  public LoadOptions withFormat(String format) {
    return new LoadOptions(lazy, format, exec);
  }

  /** Computes eager loads with {@code exec}. */
  public LoadOptions withExec(ExecOptions exec) {
    return new LoadOptions(lazy, format, Objects.requireNonNull(exec, "exec"));
  }

  @Override
  public String toString() {
    return "LoadOptions[lazy " + lazy + ", format " + (format == null ? "(detected)" : format) + "]";
  }
}
