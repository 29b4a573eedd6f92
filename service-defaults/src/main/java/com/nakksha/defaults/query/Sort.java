package com.nakksha.defaults.query;

import java.util.Locale;
import java.util.Set;

import com.nakksha.defaults.problem.InvalidInputException;

/**
 * The order a client asked for, by a field name of the API (never a column): the feature that
 * lists maps its sortable fields to SQL with {@link SqlFilter#orderBy}.
 */
public record Sort(String field, Direction direction) {

    public enum Direction {
        ASC, DESC
    }

    /**
     * Reads {@code field} or {@code field,asc|desc} (ascending when not said).
     *
     * @throws InvalidInputException on {@code sort} when the field is not one of {@code sortable} or the direction is neither
     */
    public static Sort parse(String text, Set<String> sortable) {
        String[] parts = text.split(",");
        String field = parts[0].strip();
        String direction = parts.length > 1 ? parts[1].strip().toUpperCase(Locale.ROOT) : "ASC";
        if (!sortable.contains(field) || parts.length > 2 || !(direction.equals("ASC") || direction.equals("DESC"))) {
            throw new InvalidInputException("sort", "must be one of " + String.join(", ", sortable.stream().sorted().toList())
                    + ", optionally followed by ,asc or ,desc");
        }
        return new Sort(field, Direction.valueOf(direction));
    }
}
