package com.nakksha.defaults.query;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, with what a client needs to ask for the others.
 *
 * @param page zero-based number of this page
 * @param size the page size asked for (items may be fewer on the last page)
 * @param totalItems items matching the filter on all pages
 * @param totalPages pages of {@code size} items it takes to show them all
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    /** The page {@code request} asked for, holding {@code items}, out of {@code totalItems} matching ones. */
    public static <T> Page<T> of(List<T> items, PageRequest request, long totalItems) {
        return new Page<>(items, request.page(), request.size(), totalItems,
                (int) ((totalItems + request.size() - 1) / request.size()));
    }

    /** The same page with each item turned into what the API shows. */
    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, totalItems, totalPages);
    }
}
