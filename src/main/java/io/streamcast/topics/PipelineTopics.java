package io.streamcast.topics;

import io.streamcast.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates a pipeline's topics when they are missing: observations, forecasts, alerts, dead letters and
 * training updates with the spec's partitions, the model and calendar topics compacted. Retention is unlimited on
 * observations, so history stays for replays and backtests. Existing topics are left as they are.
 */
public final class PipelineTopics {
    private PipelineTopics() {
    }

    /** The principal may not see or create some of the topics: a least-privilege one, or one with no rights. */
    public static final class NotAuthorized extends IllegalStateException {
        NotAuthorized(String message) {
            super(message);
        }
    }

    public static void create(String bootstrap, Map<String, String> clientProps, PipelineSpec spec) {
        List<NewTopic> wanted = new ArrayList<>();
        for (TopicRegistry.Topic<?, ?> t : TopicRegistry.of(spec).all()) {
            wanted.add(new NewTopic(t.name(), t.partitions(), (short) -1).configs(t.configs()));
        }
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(n -> !existing.contains(n.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " within 30 s: check "
                    + "--bootstrap-servers and that the brokers are up");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new NotAuthorized("the principal in --kafka-config may not see or create " + spec.name()
                        + "'s topics on " + bootstrap + " (" + e.getCause().getMessage() + "). An administrator "
                        + "creates them and grants the applications' ACLs with `./streamcast acls --spec <spec> --apply "
                        + "--kafka-config <administrator settings>`; see operations.md, \"A secured cluster\"");
            }
            throw new IllegalStateException("creating topics on " + bootstrap + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until every partition of new topics has a leader. Producing before that was seen on the embedded
     * broker to fail a first batch with NOT_LEADER_OR_FOLLOWER whose retry then hit OutOfOrderSequence, losing it.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException,
            TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty()));
            } catch (ExecutionException e) {
                // Just created: the broker may not know the topic's partitions for a moment yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
            }
            Thread.sleep(50);
        }
    }
}
