package com.nakksha.defaults.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The WHERE clause of a list or summary query, built from optional filters: a filter whose value is
 * null (or blank, or empty) adds nothing. Values are always bound as parameters, never written into
 * the SQL; column expressions come from the feature's code, never from the client.
 */
public final class SqlFilter {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private SqlFilter() {
    }

    /**
     * A filter that always holds {@code column = value}, such as the tenant's id.
     *
     * @throws NullPointerException when value is null: a missing tenant must not widen a query
     */
    public static SqlFilter where(String column, Object value) {
        SqlFilter filter = new SqlFilter();
        filter.add(column + " = ", Objects.requireNonNull(value, column));
        return filter;
    }

    /** {@code column = value}; null means no filter. */
    public SqlFilter equal(String column, Object value) {
        if (value != null) {
            add(column + " = ", value);
        }
        return this;
    }

    /** Equal to {@code value} without regard to case; blank means no filter. */
    public SqlFilter equalIgnoringCase(String column, String value) {
        if (value != null && !value.isBlank()) {
            conditions.add("lower(" + column + ") = lower(" + parameter(value.strip()) + ")");
        }
        return this;
    }

    /** One of the enum values, compared by name; null or empty means no filter. */
    public SqlFilter anyOf(String column, Collection<? extends Enum<?>> values) {
        if (values != null && !values.isEmpty()) {
            conditions.add(column + " = ANY(" + parameter(values.stream().map(Enum::name).toArray(String[]::new)) + ")");
        }
        return this;
    }

    /** {@code column >= min}, inclusive. */
    public SqlFilter atLeast(String column, Object min) {
        if (min != null) {
            add(column + " >= ", min);
        }
        return this;
    }

    /** {@code column <= max}, inclusive. */
    public SqlFilter atMost(String column, Object max) {
        if (max != null) {
            add(column + " <= ", max);
        }
        return this;
    }

    /** {@code column < limit}, exclusive, for the end of a time range. */
    public SqlFilter before(String column, Object limit) {
        if (limit != null) {
            add(column + " < ", limit);
        }
        return this;
    }

    /**
     * Any of the expressions contains {@code text}, ignoring case. The text matches literally:
     * {@code %}, {@code _} and {@code \} in it are escaped. Blank means no filter.
     */
    public SqlFilter contains(String text, String... expressions) {
        if (text != null && !text.isBlank()) {
            String name = parameter("%" + likeLiteral(text.strip()) + "%");
            List<String> alternatives = List.of(expressions).stream().map(expression -> expression + " ILIKE " + name).toList();
            conditions.add("(" + String.join(" OR ", alternatives) + ")");
        }
        return this;
    }

    /** {@code WHERE} and the conditions joined by {@code AND}. */
    public String sql() {
        return "WHERE " + String.join(" AND ", conditions);
    }

    /** Binds every value this filter refers to. */
    public GenericExecuteSpec bind(GenericExecuteSpec spec) {
        GenericExecuteSpec bound = spec;
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            bound = bound.bind(parameter.getKey(), parameter.getValue());
        }
        return bound;
    }

    /**
     * The requested page of the rows this filter matches, and how many match on all pages: a list endpoint's
     * whole read.
     *
     * @param select      the select list, {@code SELECT *} or the columns {@code read} needs
     * @param from        the {@code FROM} clause, joins included; this filter's conditions follow it
     * @param sortColumns the list's sortable API fields and the SQL expression of each ({@link #orderBy})
     * @param tieBreaker  a unique column that orders rows sharing the sort value, so pages do not overlap
     * @param read        turns a row into an item
     * @throws IllegalArgumentException when the requested sort field has no column
     */
    public <T> Mono<Page<T>> page(DatabaseClient database, String select, String from, PageRequest page,
            Map<String, String> sortColumns, String tieBreaker, Function<Readable, T> read) {
        String orderBy = orderBy(page.sort(), sortColumns, tieBreaker);
        Mono<Long> total = bind(database.sql("SELECT count(*) AS total " + from + " " + sql()))
                .map(row -> row.get("total", Long.class))
                .one();
        Mono<List<T>> items = bind(database.sql(select + " " + from + " " + sql() + " " + orderBy + " LIMIT :limit OFFSET :offset"))
                .bind("limit", page.size())
                .bind("offset", page.offset())
                .map(read::apply)
                .all()
                .collectList();
        return Mono.zip(items, total).map(both -> Page.of(both.getT1(), page, both.getT2()));
    }

    /**
     * {@code ORDER BY} the column of the requested field, then {@code tieBreaker} so pages do not
     * overlap when many rows share the sort value.
     *
     * @param columns the feature's sortable API fields and the SQL expression of each
     * @throws IllegalArgumentException when the field has no column, a mismatch between the list's declared and mapped fields
     */
    public static String orderBy(Sort sort, Map<String, String> columns, String tieBreaker) {
        String column = columns.get(sort.field());
        if (column == null) {
            throw new IllegalArgumentException("no column for sort field " + sort.field());
        }
        return "ORDER BY " + column + " " + sort.direction().name() + ", " + tieBreaker;
    }

    /** Makes user text match literally inside a LIKE pattern (Postgres' default escape character is {@code \}). */
    public static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private void add(String comparison, Object value) {
        conditions.add(comparison + parameter(value));
    }

    private String parameter(Object value) {
        String name = "filter" + parameters.size();
        parameters.put(name, value);
        return ":" + name;
    }
}
