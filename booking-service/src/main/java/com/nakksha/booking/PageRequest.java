package com.nakksha.booking;

import java.util.Locale;
import java.util.Map;

/**
 * Page, size and sort as query parameters ({@code sort=field,asc|desc}); the sort field must be one
 * of the columns the list allows, so it can go into SQL.
 */
public record PageRequest(int page, int size, String orderBy) {

    public static PageRequest of(Integer page, Integer size, String sort, Map<String, String> sortableColumns,
                                 String defaultSort, int maxSize) {
        int number = page == null ? 0 : page;
        int length = size == null ? 20 : size;
        if (number < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (length < 1 || length > maxSize) {
            throw new InvalidInputException("size", "must be between 1 and " + maxSize);
        }
        String requested = sort == null || sort.isBlank() ? defaultSort : sort;
        String[] parts = requested.split(",");
        String column = sortableColumns.get(parts[0].strip());
        String direction = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "asc";
        if (column == null || parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
            throw new InvalidInputException("sort", "must be one of " + String.join(", ", sortableColumns.keySet().stream().sorted().toList())
                    + ", optionally followed by ,asc or ,desc");
        }
        return new PageRequest(number, length, column + " " + direction);
    }

    public long offset() {
        return (long) page * size;
    }
}
