package org.hyperflux.core.signal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read-only views for the collections that signals, axes and metadata hand out. Signals are
 * immutable values (DESIGN §2), so a HyperSpy habit such as changing an axis or a metadata entry
 * in place fails with an {@link UnsupportedOperationException} that says what to write instead,
 * rather than the JDK's message-less one.
 */
final class ReadOnly {
  static final String AXES =
      "axes are immutable values: write s = s.withAxes(s.axes().with(arrayIndex, axis)) "
          + "(or s.axes().remove(arrayIndex)) instead of changing this list";
  static final String METADATA =
      "metadata is immutable: write s = s.withMetadata(s.metadata().with(\"Node.key\", value)) "
          + "(or .without(\"Node.key\")) instead of changing this collection";

  private ReadOnly() {}

  /** A read-only view of {@code items} whose mutators throw with {@code advice}. */
  static <T> List<T> list(List<T> items, String advice) {
    return new ListView<>(items, advice);
  }

  /** A read-only view of {@code entries} whose mutators throw with {@code advice}. */
  static <K, V> Map<K, V> map(Map<K, V> entries, String advice) {
    return new MapView<>(entries, advice);
  }

  private static final class ListView<T> extends AbstractList<T> {
    private final List<T> items;
    private final String advice;

    ListView(List<T> items, String advice) {
      this.items = items;
      this.advice = advice;
    }

    @Override
    public T get(int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public T set(int index, T element) {
      throw new UnsupportedOperationException(advice);
    }

    @Override
    public void add(int index, T element) {
      throw new UnsupportedOperationException(advice);
    }

    @Override
    public T remove(int index) {
      throw new UnsupportedOperationException(advice);
    }

    @Override
    public boolean remove(Object o) {
      throw new UnsupportedOperationException(advice);
    }

    @Override
    public void clear() {
      throw new UnsupportedOperationException(advice);
    }
  }

  private static final class MapView<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> entries;
    private final String advice;

    MapView(Map<K, V> entries, String advice) {
      this.entries = Collections.unmodifiableMap(entries);
      this.advice = advice;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public V get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public V put(K key, V value) {
      throw new UnsupportedOperationException(advice);
    }

    @Override
    public V remove(Object key) {
      throw new UnsupportedOperationException(advice);
    }

    @Override
    public void clear() {
      throw new UnsupportedOperationException(advice);
    }
  }
}
