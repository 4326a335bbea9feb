package io.streamcast.cli;

import io.streamcast.engine.ModelLoader;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import io.streamcast.streams.acls.PipelineAcls;
import io.streamcast.topics.PipelineTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The least-privilege ACLs of a pipeline's two applications: listed, or created with the topics. */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = "List the ACLs each of a pipeline's applications needs on a secured cluster (read off the "
                + "topologies it runs), or with --apply create the pipeline's topics and those ACLs, as an "
                + "administrator (--kafka-config with an administrator's settings).")
final class AclsCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "Pipeline spec, e.g. topologies/sensors.yaml.")
    Path specFile;

    @Option(names = "--forecast-principal", defaultValue = "User:forecaster",
            description = "Principal of the forecast application (default: ${DEFAULT-VALUE}).")
    String forecastPrincipal;

    @Option(names = "--training-principal", defaultValue = "User:trainer",
            description = "Principal of the training application (default: ${DEFAULT-VALUE}).")
    String trainingPrincipal;

    @Option(names = "--apply", description = "Create the topics and the ACLs on the cluster instead of listing them.")
    boolean apply;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        PipelineSpec spec = SpecLoader.load(specFile);
        Weights initial = ModelLoader.initial(spec, specFile.toAbsolutePath().getParent());
        List<AclBinding> acls = new ArrayList<>(PipelineAcls.forecast(spec, initial, forecastPrincipal));
        acls.addAll(PipelineAcls.training(spec, initial, trainingPrincipal));
        if (!apply) {
            for (AclBinding a : acls) {
                System.out.printf("%-5s %-22s %-9s %-16s %s (%s)%n", a.entry().permissionType(), a.entry().principal(), a.entry().operation(),
                        a.pattern().resourceType(), a.pattern().name(), a.pattern().patternType().name().toLowerCase());
            }
            return 0;
        }
        String bootstrap = kafka.bootstrapOrDefault();
        Map<String, String> client = kafka.clientProps();
        PipelineTopics.create(bootstrap, client, spec);
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
        System.out.printf("created %s's topics and %d ACLs on %s: %s runs the forecast application, %s the training "
                + "application%n", spec.name(), acls.size(), bootstrap, forecastPrincipal, trainingPrincipal);
        return 0;
    }
}
