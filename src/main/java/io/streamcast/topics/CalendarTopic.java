package io.streamcast.topics;

import io.streamcast.calendar.CalendarEvent;
import io.streamcast.calendar.CalendarJson;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adds, removes and lists the known events on a pipeline's compacted calendar topic (key: the event's id). */
public final class CalendarTopic {
    private CalendarTopic() {
    }

    /** Adds the event, or replaces the one with its id: running pipelines apply it from their next record. */
    public static void put(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, CalendarEvent e)
            throws Exception {
        send(bootstrap, clientProps, spec, e.id(), CalendarJson.write(e));
    }

    /** Removes the event with the id (a tombstone). */
    public static void remove(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, String id)
            throws Exception {
        send(bootstrap, clientProps, spec, id, null);
    }

    private static void send(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, String id,
                             byte[] value) throws Exception {
        SmallTopics.send(bootstrap, clientProps, spec.topics().calendar(), id.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * The topic's events in force, by id (the latest record of each id; removed ones left out). A record that
     * the pipelines would leave out (it does not parse, or its key is not its event's id) maps to the reason.
     */
    public static Map<String, Object> list(String bootstrap, Map<String, String> clientProps, PipelineSpec spec) {
        Map<String, Object> events = new LinkedHashMap<>();
        SmallTopics.readAll(bootstrap, clientProps, spec.topics().calendar(), r -> {
            if (r.key() == null) {
                return;
            }
            String id = new String(r.key(), StandardCharsets.UTF_8);
            events.remove(id);
            if (r.value() != null) {
                try {
                    events.put(id, CalendarJson.record(id, r.value()));
                } catch (RuntimeException e) {
                    events.put(id, e.getMessage());
                }
            }
        });
        return events;
    }
}
