package com.nakksha.analytics.period;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The periods seed 000's dashboard offers; all but {@code CUSTOM} are the calendar period containing today. */
public enum Timeframe {
    TODAY, WEEK, MONTH, QUARTER, YEAR, CUSTOM;

    /** @throws IllegalArgumentException naming the accepted values */
    public static Timeframe parse(String value) {
        return Arrays.stream(values())
                .filter(timeframe -> timeframe.apiName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(values())
                        .map(Timeframe::apiName).collect(Collectors.joining(", "))));
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
