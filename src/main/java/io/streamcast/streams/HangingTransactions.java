package io.streamcast.streams;

import io.streamcast.spec.PipelineSpec;
import io.streamcast.topics.TopicRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Transactions left open on a pipeline's partitions that no coordinator will ever end, found and aborted at
 * start. After a crash the coordinator aborts the crashed transaction, but right after a restart it can do so
 * before its metadata knows those partitions' leader, and Kafka then skips their markers ("these partitions are
 * likely deleted already"): the partitions keep the transaction open, read-committed readers stop there and a
 * restore from such a changelog never ends. A transaction is hanging when its coordinator no longer holds it in
 * flight on that partition at that epoch (KIP-664's test, without its wait: the coordinator's word is enough).
 */
public final class HangingTransactions {
    private static final Set<TransactionState> IN_FLIGHT = Set.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    /** A transaction open on a partition, as the partition's leader sees it. */
    public record Open(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch,
                       long startOffset) {
    }

    /** What a producer's coordinator holds: its epoch, whether a transaction is in flight, on which partitions. */
    public record Held(int epoch, boolean inFlight, Set<TopicPartition> partitions) {
    }

    private HangingTransactions() {
    }

    /** The open transactions that their coordinator does not hold in flight on that partition at that epoch. */
    public static List<Open> hanging(Collection<Open> open, Map<Long, Held> coordinators) {
        List<Open> out = new ArrayList<>();
        for (Open o : open) {
            Held h = coordinators.get(o.producerId());
            if (h == null || !h.inFlight() || h.epoch() > o.producerEpoch() || !h.partitions().contains(o.partition())) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * Finds and aborts the hanging transactions on a pipeline's topics: its outputs, and the changelog and
     * repartition topics of its two applications. Returns the ones aborted.
     */
    public static List<Open> abortForPipeline(String bootstrap, Map<String, String> clientProps, PipelineSpec spec)
            throws Exception {
        try (Admin admin = admin(bootstrap, clientProps)) {
            return abort(admin, find(admin, pipelinePartitions(admin, spec)));
        }
    }

    /**
     * Whether the principal may abort others' transactions (ALTER or CLUSTER_ACTION on the cluster, KIP-1037): an
     * administrator's right, which a least-privilege application principal does not have. True without ACLs.
     */
    public static boolean permitted(String bootstrap, Map<String, String> clientProps) throws Exception {
        try (Admin admin = admin(bootstrap, clientProps)) {
            Set<org.apache.kafka.common.acl.AclOperation> ops = admin.describeCluster(
                    new org.apache.kafka.clients.admin.DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations().get(30, TimeUnit.SECONDS);
            return ops == null || ops.contains(org.apache.kafka.common.acl.AclOperation.ALTER)
                    || ops.contains(org.apache.kafka.common.acl.AclOperation.CLUSTER_ACTION)
                    || ops.contains(org.apache.kafka.common.acl.AclOperation.ALL);
        }
    }

    static Admin admin(String bootstrap, Map<String, String> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    /** The partitions a pipeline's transactions write: outputs, changelogs and repartition topics. */
    static List<TopicPartition> pipelinePartitions(Admin admin, PipelineSpec spec) throws Exception {
        Set<String> outputs = new java.util.HashSet<>();
        TopicRegistry.of(spec).all().forEach(t -> outputs.add(t.name()));
        outputs.remove(spec.topics().observations()); // written by others, never in our transactions
        outputs.remove(spec.topics().calendar());
        List<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(n -> outputs.contains(n) || n.startsWith(spec.applicationId() + "-")
                        || n.startsWith(StreamsSettings.trainingApplicationId(spec) + "-"))
                .sorted().toList();
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(ours).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
    }

    /** The hanging transactions on these partitions as of now (nothing is aborted). */
    static List<Open> find(Admin admin, Collection<TopicPartition> partitions) throws Exception {
        List<Open> open = open(admin, partitions);
        return open.isEmpty() ? List.of() : hanging(open, held(admin, open));
    }

    /** Aborts those of {@code hanging} still open as they were seen; returns the ones aborted. */
    static List<Open> abort(Admin admin, Collection<Open> hanging) throws Exception {
        List<Open> aborted = new ArrayList<>();
        for (Open o : hanging) {
            // Only what is still open as we saw it: a transaction that moved on meanwhile is not ours to end.
            if (open(admin, List.of(o.partition())).contains(o)) {
                admin.abortTransaction(new AbortTransactionSpec(o.partition(), o.producerId(), (short) o.producerEpoch(),
                        o.coordinatorEpoch())).all().get(30, TimeUnit.SECONDS);
                aborted.add(o);
            }
        }
        return aborted;
    }

    /** The transactions open on these partitions as their leaders see them, hanging or not. */
    public static List<Open> open(Admin admin, Collection<TopicPartition> partitions) throws Exception {
        List<Open> open = new ArrayList<>();
        admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS).forEach((tp, state) -> {
            for (ProducerState p : state.activeProducers()) {
                if (p.currentTransactionStartOffset().isPresent()) {
                    open.add(new Open(tp, p.producerId(), p.producerEpoch(), p.coordinatorEpoch().orElse(-1),
                            p.currentTransactionStartOffset().getAsLong()));
                }
            }
        });
        return open;
    }

    private static Map<Long, Held> held(Admin admin, List<Open> open) throws Exception {
        Set<Long> ids = new java.util.HashSet<>();
        open.forEach(o -> ids.add(o.producerId()));
        Collection<TransactionListing> listings = admin.listTransactions(new ListTransactionsOptions()
                .filterProducerIds(ids)).all().get(30, TimeUnit.SECONDS);
        Map<Long, Held> held = new HashMap<>();
        if (listings.isEmpty()) {
            return held;
        }
        List<String> txnIds = listings.stream().map(TransactionListing::transactionalId).toList();
        Map<String, TransactionDescription> d = admin.describeTransactions(txnIds).all().get(30, TimeUnit.SECONDS);
        d.values().forEach(t -> held.put(t.producerId(), new Held(t.producerEpoch(), IN_FLIGHT.contains(t.state()),
                t.topicPartitions())));
        return held;
    }
}
