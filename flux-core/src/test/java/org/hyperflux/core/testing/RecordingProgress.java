package org.hyperflux.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.exec.Progress;
import org.hyperflux.core.exec.ProgressListener;

/** A {@link ProgressListener} that records every call, for assertions (thread-safe). */
public final class RecordingProgress implements ProgressListener {
  /** One recorded call: {@code kind} is {@code start}, {@code chunk} or {@code end}. */
  public record Event(String kind, Progress progress, Throwable error) {}

  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized void onStart(Progress p) {
    events.add(new Event("start", p, null));
  }

  @Override
  public synchronized void onChunk(Progress p) {
    events.add(new Event("chunk", p, null));
  }

  @Override
  public synchronized void onEnd(Progress p, Throwable error) {
    events.add(new Event("end", p, error));
  }

  /** A copy of the calls so far, in call order. */
  public synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  /** The calls of one kind so far. */
  public synchronized List<Event> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).toList();
  }
}
