package io.streamcast.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a library user's build gets from our pom: Kafka Streams and the model's libraries, not the embedded broker
 * (nor Scala through it) nor a logging binding, which only the CLI needs and its shaded jar still carries.
 */
class LibraryArtifactTest {
    private static final Set<String> CLI_ONLY = Set.of("kafka_2.13", "kafka-server", "kafka-server-common",
            "kafka-metadata", "kafka-raft", "kafka-storage", "slf4j-simple");

    @Test
    void theBrokerAndTheLoggingBindingAreOptional() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Element project = doc.getDocumentElement();
        Element deps = (Element) project.getElementsByTagName("dependencies").item(0);
        NodeList list = deps.getElementsByTagName("dependency");
        List<String> passedOn = new ArrayList<>();
        int optional = 0;
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            if (d.getParentNode() != deps) {
                continue;
            }
            String id = text(d, "artifactId");
            String scope = text(d, "scope");
            boolean isOptional = "true".equals(text(d, "optional"));
            if (CLI_ONLY.contains(id)) {
                assertTrue(isOptional, id + " must be optional: a library user does not run our broker or our logging");
                optional++;
            } else if (!isOptional && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                passedOn.add(id);
            }
        }
        assertEquals(CLI_ONLY.size(), optional);
        assertTrue(passedOn.contains("kafka-streams"), passedOn.toString());
        assertTrue(passedOn.stream().noneMatch(id -> id.startsWith("kafka_") || id.contains("slf4j-simple")
                || id.contains("logback") || id.contains("log4j")), passedOn.toString());
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
    }
}
