package com.nakksha.defaults.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.core.CollectionFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * How query and path parameters are converted in every service, registered ahead of Spring's
 * defaults:
 * <ul>
 *   <li>A list of enum values ({@code ?status=PENDING,CONFIRMED} or repeated parameters) refuses
 *   a blank element (Spring would bind it as null) and an unknown value; an empty parameter is an
 *   empty list, as before.</li>
 *   <li>Dates and instants are ISO-8601 ({@code 2026-05-01}, {@code 2026-05-01T09:30:00Z}, an offset
 *   instead of {@code Z} is fine) within {@link InputRules}' years.</li>
 * </ul>
 * Refusals are {@link InputRefusedException}s, answered as a 400 naming the parameter.
 */
public class RequestParameterConversions implements WebFluxConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(new EnumListConverter());
        registry.addConverter(String.class, Instant.class, bounded(Instant::parse));
        registry.addConverter(String.class, LocalDate.class, bounded(LocalDate::parse));
        registry.addConverter(String.class, LocalDateTime.class, bounded(LocalDateTime::parse));
        registry.addConverter(String.class, OffsetDateTime.class, bounded(OffsetDateTime::parse));
        registry.addConverter(String.class, ZonedDateTime.class, bounded(ZonedDateTime::parse));
    }

    private static <T> Converter<String, T> bounded(Function<String, T> parser) {
        return text -> {
            if (text.isBlank()) {
                return null;
            }
            T value;
            try {
                value = parser.apply(text.trim());
            } catch (DateTimeParseException unparsable) {
                throw new InputRefusedException("must be an ISO-8601 date or time, e.g. 2026-05-01 or 2026-05-01T09:30:00Z");
            }
            String problem = InputRules.temporalProblem(value);
            if (problem != null) {
                throw new InputRefusedException(problem);
            }
            return value;
        };
    }

    /** String, String[] or a collection of strings to a collection of enum constants. */
    static final class EnumListConverter implements ConditionalGenericConverter {

        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return Set.of(new ConvertiblePair(String.class, Collection.class),
                    new ConvertiblePair(String[].class, Collection.class),
                    new ConvertiblePair(Collection.class, Collection.class));
        }

        @Override
        public boolean matches(TypeDescriptor source, TypeDescriptor target) {
            TypeDescriptor element = target.getElementTypeDescriptor();
            if (element == null || !element.getType().isEnum()) {
                return false;
            }
            TypeDescriptor sourceElement = source.getElementTypeDescriptor();
            return source.getType() == String.class || sourceElement == null || sourceElement.getType() == String.class;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            if (source == null) {
                return null;
            }
            List<String> texts = new ArrayList<>();
            if (source instanceof String text) {
                if (!text.isEmpty()) {
                    texts.addAll(Arrays.asList(StringUtils.commaDelimitedListToStringArray(text)));
                }
            } else if (source instanceof String[] array) {
                texts.addAll(Arrays.asList(array));
            } else {
                for (Object item : (Collection<?>) source) {
                    texts.add(item == null ? "" : item.toString());
                }
            }
            Class<? extends Enum> enumType = (Class<? extends Enum>) targetType.getElementTypeDescriptor().getType();
            Collection<Object> result = CollectionFactory.createCollection(targetType.getType(), enumType, texts.size());
            for (String text : texts) {
                if (text.isBlank()) {
                    throw new InputRefusedException("must not contain blank values; one or more of "
                            + Arrays.toString(enumType.getEnumConstants()));
                }
                try {
                    result.add(Enum.valueOf(enumType, text.trim()));
                } catch (IllegalArgumentException unknown) {
                    throw new InputRefusedException("must be one or more of " + Arrays.toString(enumType.getEnumConstants()));
                }
            }
            return result;
        }
    }
}
