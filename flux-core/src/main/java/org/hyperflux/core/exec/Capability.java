package org.hyperflux.core.exec;

/** What a {@link Source} can do; plans check these when they are built (DESIGN §3). */
public enum Capability {
  /** Any chunk can be read, any number of times, in any order (files, memory, generators). */
  RANDOM_ACCESS,
  /** One subscription in natural order only (live streams). */
  SINGLE_PASS,
  /** An arbitrary region can be read without reading whole storage chunks. */
  REGION_READ
}
