package org.hyperflux.core.exec;

/** A plan that cannot run as built (over budget, too many passes, wrong access pattern); thrown before any read. */
public final class PlanException extends IllegalArgumentException {
  public PlanException(String message) {
    super(message);
  }
}
