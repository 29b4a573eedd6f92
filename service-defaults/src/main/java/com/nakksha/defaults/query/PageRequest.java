package com.nakksha.defaults.query;

import java.util.Set;

import com.nakksha.defaults.problem.InvalidInputException;

/**
 * Page, size and sort as a client sends them in query parameters ({@code page}, {@code size},
 * {@code sort=field,asc|desc}), checked; the sort names an API field, which the listing feature
 * maps to a column.
 *
 * @param page zero-based page number
 * @param size items per page, 1 to the service's maximum
 */
public record PageRequest(int page, int size, Sort sort) {

    /** Items per page when the client does not say. */
    public static final int DEFAULT_SIZE = 20;

    /**
     * @param page null for the first page
     * @param size null for {@link #DEFAULT_SIZE}
     * @param sort null or blank for {@code defaultSort}
     * @param sortable the API fields this list can be sorted by
     * @throws InvalidInputException on {@code page}, {@code size} or {@code sort}, naming what is allowed
     */
    public static PageRequest of(Integer page, Integer size, String sort, Set<String> sortable, String defaultSort,
                                 int maxSize) {
        int number = page == null ? 0 : page;
        int length = size == null ? Math.min(DEFAULT_SIZE, maxSize) : size;
        if (number < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (length < 1 || length > maxSize) {
            throw new InvalidInputException("size", "must be between 1 and " + maxSize);
        }
        return new PageRequest(number, length, Sort.parse(sort == null || sort.isBlank() ? defaultSort : sort, sortable));
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) page * size;
    }
}
