package com.nakksha.defaults.input;

import java.beans.PropertyEditorSupport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.util.StringUtils;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * How every list query parameter ({@code ?status=PENDING,CONFIRMED}) is split in every service:
 * at commas, each element trimmed, a blank element refused. Spring's own conversion binds a blank
 * element as null (and swallows a converter's refusal for collections), which reached the filters
 * as a NullPointerException. An empty parameter is still an empty list. Repeated parameters
 * ({@code ?status=A&status=%20}) are refused by {@link RequestTextFilter}.
 */
@ControllerAdvice
public class ListParameterBinding {

    @InitBinder
    void splitLists(WebDataBinder binder) {
        binder.registerCustomEditor(Collection.class, new ListEditor());
    }

    static final class ListEditor extends PropertyEditorSupport {

        static final String BLANK = "must not contain blank values";

        @Override
        public void setAsText(String text) {
            List<String> elements = new ArrayList<>();
            if (!text.isEmpty()) {
                for (String element : StringUtils.commaDelimitedListToStringArray(text)) {
                    if (element.isBlank()) {
                        throw new InputRefusedException(BLANK);
                    }
                    elements.add(element.trim());
                }
            }
            setValue(elements);
        }
    }
}
