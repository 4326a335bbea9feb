package io.streamcast.cli;

import io.streamcast.calendar.CalendarEvent;
import io.streamcast.calendar.CalendarJson;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.topics.CalendarTopic;
import io.streamcast.topics.PipelineTopics;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Known events (maintenance, deploys, holidays) on a pipeline's calendar topic, changed while it runs. */
@Command(name = "calendar", mixinStandardHelpOptions = true,
        description = {"Add, remove or list known events (maintenance windows, deploys, holidays) on a pipeline's "
                + "calendar topic. While one lasts, the pipeline still forecasts but does not alert (an incident "
                + "that would open is recorded as suppressed), does not update its anomaly statistics and does not "
                + "train on those values. Running pipelines apply a change from their next record.",
                "",
                "  ./streamcast calendar add --id backup --prefix line-1/ --start 2026-01-10T02:00:00Z "
                        + "--end 2026-01-10T03:00:00Z --repeat daily --reason 'nightly backup'",
                "  ./streamcast calendar remove --id backup",
                "  ./streamcast calendar list"})
final class CalendarCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "add, remove or list")
    String action;

    @Option(names = "--spec", defaultValue = "topologies/sensors.yaml", description = "Pipeline spec (default: ${DEFAULT-VALUE}).")
    Path specFile;

    @Option(names = "--id", description = "The event's id (add, remove).")
    String id;

    @Option(names = "--key", description = "Only this key.")
    String key;

    @Option(names = "--prefix", description = "Only keys with this prefix (neither --key nor --prefix: every key).")
    String prefix;

    @Option(names = "--start", description = "Start, ISO-8601 instant like 2026-01-10T02:00:00Z, or epoch ms.")
    String start;

    @Option(names = "--end", description = "End (exclusive), as --start.")
    String end;

    @Option(names = "--repeat", defaultValue = "none", description = "none, daily or weekly (default: ${DEFAULT-VALUE}).")
    String repeat;

    @Option(names = "--until", description = "Repeat until this instant (default: for ever).")
    String until;

    @Option(names = "--reason", defaultValue = "", description = "What it is, for people: shown in the console and by calendar list.")
    String reason;

    @Mixin
    KafkaOptions kafka;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PipelineSpec spec = SpecLoader.load(specFile);
        String bootstrap = kafka.bootstrapOrDefault();
        if (!action.matches("add|remove|list")) {
            throw new CommandLine.ParameterException(command.commandLine(), "unknown action '" + action
                    + "': use add, remove or list");
        }
        // As `run` does: the pipeline's topics, the calendar among them, exist before anything is written or read.
        PipelineTopics.create(bootstrap, kafka.clientProps(), spec);
        switch (action) {
            case "add" -> {
                CalendarEvent e = event();
                CalendarTopic.put(bootstrap, kafka.clientProps(), spec, e);
                System.out.println("added to " + spec.topics().calendar() + ": " + CalendarJson.toJson(e));
            }
            case "remove" -> {
                CalendarTopic.remove(bootstrap, kafka.clientProps(), spec, required(id, "--id"));
                System.out.println("removed '" + id + "' from " + spec.topics().calendar());
            }
            case "list" -> {
                spec.calendarEvents().forEach(e -> System.out.println("spec   " + CalendarJson.toJson(e)));
                for (Map.Entry<String, Object> e : CalendarTopic.list(bootstrap, kafka.clientProps(), spec).entrySet()) {
                    System.out.println("topic  " + (e.getValue() instanceof CalendarEvent ev ? CalendarJson.toJson(ev)
                            : e.getKey() + " (unreadable: " + e.getValue() + ")"));
                }
            }
            default -> throw new CommandLine.ParameterException(command.commandLine(), "unknown action '" + action
                    + "': use add, remove or list");
        }
        return 0;
    }

    private CalendarEvent event() {
        var n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        n.put("id", required(id, "--id"));
        if (key != null) {
            n.put("key", key);
        }
        if (prefix != null) {
            n.put("prefix", prefix);
        }
        n.put("start", required(start, "--start"));
        n.put("end", required(end, "--end"));
        n.put("repeat", repeat);
        if (until != null) {
            n.put("until", until);
        }
        n.put("reason", reason);
        try {
            return CalendarJson.parse(n);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
        }
    }

    private String required(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new CommandLine.ParameterException(command.commandLine(), action + " needs " + option);
        }
        return value;
    }
}
