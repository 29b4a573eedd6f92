package com.nakksha.defaults.input;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field of a request body as multi-line (notes, descriptions, addresses): it may
 * hold tab, CR and LF. Every other text field is single-line and refuses all control characters,
 * so a name can never smuggle a line break into a mail header. NUL is refused in both
 * ({@link InputRules}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface MultiLine {
}
