package io.streamcast.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads a pipeline spec from YAML; every failure names the file, the field and what is allowed. */
public final class SpecLoader {
    /** Specs are a screenful of YAML; anything far larger is not one, and parsing it would only waste time. */
    static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A field given twice is a mistake to report, not a silent "last one wins".
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SpecLoader() {
    }

    public static PipelineSpec load(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new SpecException(file + ": " + size + " bytes is not a spec (specs are small YAML files, at most "
                        + MAX_BYTES / 1024 + " KiB; see topologies/sensors.yaml)");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": no such file (specs live in topologies/, e.g. topologies/sensors.yaml)");
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString()).withDirectFileUnder(file.toAbsolutePath().getParent());
    }

    public static PipelineSpec parse(String yaml, String source) {
        if (yaml.length() > MAX_BYTES) {
            throw new SpecException(source + ": " + yaml.length() + " characters is not a spec (specs are small YAML "
                    + "files, at most " + MAX_BYTES / 1024 + " KiB)");
        }
        if (yaml.isBlank()) {
            throw empty(source);
        }
        try {
            PipelineSpec spec = YAML.readValue(yaml, PipelineSpec.class);
            if (spec == null) {
                throw empty(source);
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new SpecException(source + ": unknown field '" + path(e) + "'; allowed here: " + allowed);
        } catch (JsonMappingException e) {
            String original = String.valueOf(e.getOriginalMessage());
            if (e.getPath().isEmpty() && original.startsWith("No content")) {
                throw empty(source); // only comments
            }
            if (original.startsWith("Duplicate field '")) {
                String name = original.substring(17, original.indexOf('\'', 17));
                String where = path(e);
                throw twice(source, where.isEmpty() ? name : where + "." + name, e.getLocation());
            }
            Throwable root = rootCause(e);
            if (root instanceof IllegalArgumentException) {
                throw new SpecException(source + ": " + root.getMessage());
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
                // Jackson names the Java type ("`java.lang.Integer`"); a spec's reader wants the kind of value.
                throw new SpecException(source + ": field '" + path(e) + "' must be " + kind(f.getTargetType())
                        + ", got '" + f.getValue() + "'");
            }
            throw new SpecException(source + ": field '" + path(e) + "': " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                throw twice(source, e.getProcessor() == null ? "?" : dotted(e.getProcessor().getParsingContext()),
                        e.getLocation());
            }
            throw new SpecException(source + ": not valid YAML: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new SpecException(source + ": not valid YAML: " + e.getMessage());
        }
    }

    private static SpecException twice(String source, String field, JsonLocation at) {
        return new SpecException(source + ": field '" + field + "' is given twice"
                + (at == null ? "" : " (line " + at.getLineNr() + ")") + "; keep one");
    }

    private static SpecException empty(String source) {
        return new SpecException(source + ": the spec is empty; it needs at least 'name: <pipeline>' "
                + "(see topologies/sensors.yaml)");
    }

    /** The dotted path of the field a parser stands on, e.g. model.cell. */
    private static String dotted(JsonStreamContext c) {
        StringBuilder b = new StringBuilder();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.getCurrentName() != null) {
                b.insert(0, b.length() == 0 ? c.getCurrentName() : c.getCurrentName() + ".");
            }
        }
        return b.toString();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** A spec that cannot be used; the message says where and why. */
    public static final class SpecException extends IllegalArgumentException {
        public SpecException(String message) {
            super(message);
        }
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return "a " + type.getSimpleName();
    }
}
