package io.streamcast.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command from the environment, as containers are configured: {@code --bootstrap-servers}
 * is {@code STREAMCAST_BOOTSTRAP_SERVERS}, {@code --http-port} is {@code STREAMCAST_HTTP_PORT}, and so on (any of
 * an option's names). A flag on the command line wins over the environment, the environment over the built-in
 * default. Kafka client settings have their own form: {@link KafkaOptions#ENV_PREFIX}.
 */
final class EnvDefaults implements IDefaultValueProvider {
    static final String PREFIX = "STREAMCAST_";
    private final Map<String, String> env;

    EnvDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** The environment variable an option name reads: {@code --http-port} → {@code STREAMCAST_HTTP_PORT}. */
    static String variable(String optionName) {
        return PREFIX + optionName.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) {
            return null;
        }
        for (String name : o.names()) {
            String v = env.get(variable(name));
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
