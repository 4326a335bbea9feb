package io.streamcast.spec;

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
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SpecLoader() {
    }

    public static PipelineSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": no such file (specs live in topologies/, e.g. topologies/sensors.yaml)");
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static PipelineSpec parse(String yaml, String source) {
        try {
            PipelineSpec spec = YAML.readValue(yaml, PipelineSpec.class);
            if (spec == null) {
                throw new SpecException(source + ": empty spec");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new SpecException(source + ": unknown field '" + path(e) + "'; allowed here: " + allowed);
        } catch (JsonMappingException e) {
            Throwable root = rootCause(e);
            if (root instanceof IllegalArgumentException) {
                throw new SpecException(source + ": " + root.getMessage());
            }
            throw new SpecException(source + ": field '" + path(e) + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SpecException(source + ": not valid YAML: " + e.getMessage());
        }
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
}
