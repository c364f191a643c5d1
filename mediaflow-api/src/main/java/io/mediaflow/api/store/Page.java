package io.mediaflow.api.store;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items the items on this page
 * @param page its number, from 0
 * @param size the page size asked for
 * @param total how many items match in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

  public Page {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return (long) (page + 1) * size < total;
  }
}
