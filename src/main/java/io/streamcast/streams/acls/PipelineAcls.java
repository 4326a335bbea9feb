package io.streamcast.streams.acls;

import io.streamcast.streams.StreamsSettings;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.engine.WeightsSource;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.training.TrainingMetrics;
import io.streamcast.streams.training.TrainingTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The least a principal needs to run one of a pipeline's applications, read off the topology it runs (so the
 * list cannot drift from the code): read its source topics, write its sink topics, everything on its own
 * internal topics (changelogs), its consumer group, and its transactional ids. Nothing on the cluster: topics
 * are made by an administrator beforehand, and a crash's hanging transactions are then theirs to abort.
 */
public final class PipelineAcls {
    private PipelineAcls() {
    }

    public static List<AclBinding> forecast(PipelineSpec spec, Weights initial, String principal) {
        Topology t = ForecastTopology.build(spec, WeightsSource.fixed(initial),
                new PipelineMetrics(new SimpleMeterRegistry(), spec.name()));
        List<AclBinding> acls = new ArrayList<>(forApplication(t, spec.applicationId(), principal));
        // The training application's id extends the forecast one's, so the prefixes above cover its internals
        // too: deny those explicitly (a DENY wins over an ALLOW).
        String training = StreamsSettings.trainingApplicationId(spec);
        acls.add(deny(ResourceType.TOPIC, training + "-", PatternType.PREFIXED, principal));
        acls.add(deny(ResourceType.TRANSACTIONAL_ID, training + "-", PatternType.PREFIXED, principal));
        acls.add(deny(ResourceType.GROUP, training, PatternType.LITERAL, principal));
        return acls;
    }

    public static List<AclBinding> training(PipelineSpec spec, Weights initial, String principal) {
        Topology t = TrainingTopology.build(spec, WeightsSource.fixed(initial),
                new TrainingMetrics(new SimpleMeterRegistry(), spec.name()));
        return forApplication(t, StreamsSettings.trainingApplicationId(spec), principal);
    }

    static List<AclBinding> forApplication(Topology topology, String applicationId, String principal) {
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        TopologyDescription d = topology.describe();
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source src) {
                    reads.addAll(src.topicSet());
                } else if (n instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    writes.add(sink.topic());
                }
            }
        }
        d.globalStores().forEach(g -> reads.addAll(g.source().topicSet()));
        List<AclBinding> acls = new ArrayList<>();
        reads.forEach(t -> acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.READ)));
        writes.forEach(t -> acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.WRITE)));
        for (String t : union(reads, writes)) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        // Changelogs and repartition topics are named <application.id>-...; Streams creates them itself.
        acls.add(allow(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.GROUP, applicationId, PatternType.LITERAL, principal, AclOperation.READ));
        acls.add(allow(ResourceType.GROUP, applicationId, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        // Exactly-once producers are <application.id>-<process id>-<thread>.
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, principal,
                AclOperation.WRITE));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, principal,
                AclOperation.DESCRIBE));
        return acls;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static AclBinding deny(ResourceType type, String name, PatternType pattern, String principal) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.DENY));
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal,
                                    AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
