package com.nakksha.defaults.input;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.ArrayType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;

/**
 * Applies {@link InputRules} to every JSON request body while Jackson reads it: each refused string
 * or date is recorded with its path ({@code client.name}, {@code items[2].title}) and reading goes
 * on, so that when the whole body has been read one {@link InvalidInputException} names every
 * refused field. The service's handler never sees the body, so nothing is changed.
 */
public class InputJacksonModule extends SimpleModule {

    private static final Object VIOLATIONS = InputJacksonModule.class.getName() + ".violations";

    public InputJacksonModule() {
        super("nakksha-input-rules");
        setDeserializerModifier(new Modifier());
    }

    private static final class Modifier extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                       ValueDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            if (type == String.class) {
                return new Checked(deserializer, Kind.TEXT);
            }
            if (InputRules.isBoundedTemporal(type)) {
                return new Checked(deserializer, Kind.TEMPORAL);
            }
            return deserializer instanceof BeanDeserializerBase ? new Checked(deserializer, Kind.CONTAINER) : deserializer;
        }

        @Override
        public ValueDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                 BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
            return new Checked(deserializer, Kind.CONTAINER);
        }

        @Override
        public ValueDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                                                            BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
            return new Checked(deserializer, Kind.CONTAINER);
        }

        @Override
        public ValueDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                                                          BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
            return new Checked(deserializer, Kind.CONTAINER);
        }
    }

    private enum Kind { TEXT, MULTI_LINE_TEXT, TEMPORAL, CONTAINER }

    private static final class Checked extends DelegatingDeserializer {

        private final Kind kind;

        Checked(ValueDeserializer<?> delegate, Kind kind) {
            super(delegate);
            this.kind = kind;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Checked(delegate, kind);
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            Checked contextual = (Checked) super.createContextual(context, property);
            if (kind == Kind.TEXT && property != null && property.getAnnotation(MultiLine.class) != null) {
                return new Checked(contextual._delegatee, Kind.MULTI_LINE_TEXT);
            }
            return contextual;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String path = kind == Kind.CONTAINER ? null : path(parser.streamReadContext());
            Object value = super.deserialize(parser, context);
            return checked(parser, context, path, value);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context, Object into) throws JacksonException {
            String path = kind == Kind.CONTAINER ? null : path(parser.streamReadContext());
            Object value = super.deserialize(parser, context, into);
            return checked(parser, context, path, value);
        }

        @Override
        public Object deserializeWithType(JsonParser parser, DeserializationContext context, TypeDeserializer types) throws JacksonException {
            String path = kind == Kind.CONTAINER ? null : path(parser.streamReadContext());
            Object value = super.deserializeWithType(parser, context, types);
            return checked(parser, context, path, value);
        }

        private Object checked(JsonParser parser, DeserializationContext context, String path, Object value) {
            String problem = switch (kind) {
                case TEXT -> InputRules.textProblem((String) value, false);
                case MULTI_LINE_TEXT -> InputRules.textProblem((String) value, true);
                case TEMPORAL -> InputRules.temporalProblem(value);
                case CONTAINER -> null;
            };
            if (problem != null) {
                violations(context).add(new Violation(path == null ? "body" : path, problem));
            }
            // The outermost value has been read: only now is every refused field known.
            if (parser.streamReadContext() == null || parser.streamReadContext().inRoot()) {
                @SuppressWarnings("unchecked")
                List<Violation> recorded = (List<Violation>) context.getAttribute(VIOLATIONS);
                if (recorded != null && !recorded.isEmpty()) {
                    throw new InvalidInputException(recorded);
                }
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        private static List<Violation> violations(DeserializationContext context) {
            List<Violation> recorded = (List<Violation>) context.getAttribute(VIOLATIONS);
            if (recorded == null) {
                recorded = new ArrayList<>();
                context.setAttribute(VIOLATIONS, recorded);
            }
            return recorded;
        }

        /** The field being read as the client wrote it, e.g. {@code newClient.name} or {@code ids[3]}; null at the root. */
        private static String path(TokenStreamContext current) {
            List<String> segments = new ArrayList<>();
            for (TokenStreamContext context = current; context != null && !context.inRoot(); context = context.getParent()) {
                segments.addFirst(context.inArray() ? "[" + context.getCurrentIndex() + "]"
                        : context.currentName() == null ? "" : context.currentName());
            }
            StringBuilder path = new StringBuilder();
            for (String segment : segments) {
                if (!path.isEmpty() && !segment.startsWith("[")) {
                    path.append('.');
                }
                path.append(segment);
            }
            return path.isEmpty() ? null : path.toString();
        }
    }
}
