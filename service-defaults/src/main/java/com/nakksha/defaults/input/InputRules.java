package com.nakksha.defaults.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;

/**
 * What every service accepts from a client, checked once at binding for request bodies, query
 * parameters and path segments.
 * <ul>
 *   <li>Text: never U+0000 (Postgres cannot store it in text) nor half a surrogate pair (not Unicode, no
 *   UTF-8 encoder takes it); in single-line fields no control
 *   character at all (C0 including CR/LF and tab, DEL, C1); in {@link MultiLine} fields tab, CR
 *   and LF only.</li>
 *   <li>Dates and instants: years {@value #MIN_YEAR} to {@value #MAX_YEAR}, UTC for instants. Postgres
 *   refuses years past 294276 (SQLSTATE 22008), and no booking, filter or report needs anything
 *   outside this range.</li>
 * </ul>
 */
public final class InputRules {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 9999;

    static final String NUL = "must not contain the NUL character";
    static final String SINGLE_LINE = "must not contain control characters such as line breaks";
    static final String MULTI_LINE = "must not contain control characters other than tab and line breaks";
    static final String UNPAIRED_SURROGATE = "must be valid Unicode text (half of a surrogate pair alone)";
    static final String DATE_RANGE = "must be between the years " + MIN_YEAR + " and " + MAX_YEAR;

    private static final Instant EARLIEST = LocalDate.of(MIN_YEAR, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Instant LATEST = LocalDate.of(MAX_YEAR + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private InputRules() {
    }

    /** Why {@code text} is refused, or null when it is acceptable. */
    public static String textProblem(String text, boolean multiLine) {
        if (text == null) {
            return null;
        }
        String problem = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return NUL;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                // A JSON escape such as \ud800 decodes to half a character: no UTF-8 encoder (Postgres, a password hash) takes it.
                problem = UNPAIRED_SURROGATE;
                continue;
            }
            if (Character.getType(c) == Character.CONTROL && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                problem = multiLine ? MULTI_LINE : SINGLE_LINE;
            }
        }
        return problem;
    }

    /** Why {@code value} is refused, or null when it is acceptable or not a date/time this rule covers. */
    public static String temporalProblem(Object value) {
        int year;
        if (value instanceof Instant instant) {
            return instant.isBefore(EARLIEST) || !instant.isBefore(LATEST) ? DATE_RANGE : null;
        } else if (value instanceof LocalDate date) {
            year = date.getYear();
        } else if (value instanceof LocalDateTime dateTime) {
            year = dateTime.getYear();
        } else if (value instanceof OffsetDateTime dateTime) {
            return temporalProblem(dateTime.toInstant());
        } else if (value instanceof ZonedDateTime dateTime) {
            return temporalProblem(dateTime.toInstant());
        } else {
            return null;
        }
        return year < MIN_YEAR || year > MAX_YEAR ? DATE_RANGE : null;
    }

    /** Whether {@link #temporalProblem} covers values of {@code type}. */
    public static boolean isBoundedTemporal(Class<?> type) {
        return Temporal.class.isAssignableFrom(type) && (type == Instant.class || type == LocalDate.class
                || type == LocalDateTime.class || type == OffsetDateTime.class || type == ZonedDateTime.class);
    }
}
