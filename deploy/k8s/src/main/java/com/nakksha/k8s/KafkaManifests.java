package com.nakksha.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nakksha.schemas.Topic;
import com.nakksha.schemas.store.SchemaTopic;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.strimzi.api.kafka.model.kafka.KafkaBuilder;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorageBuilder;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListenerBuilder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;

/**
 * The Kafka cluster as Strimzi custom resources, all derived from the {@link Topic} registry: one
 * KafkaTopic per topic and per dead-letter topic, the compacted schema topic, and one KafkaUser per
 * service whose ACLs let it write only the topics the registry names it the writer of (and the
 * dead-letter topics of what it reads), read only the topics it is a registered reader of, and use
 * only consumer groups named after itself. That is what stops a compromised service forging, say,
 * a PaymentCaptured.
 */
final class KafkaManifests {

    static final String CLUSTER = "nakksha-kafka";
    static final int TLS_PORT = 9093;
    static final String BOOTSTRAP = CLUSTER + "-kafka-bootstrap:" + TLS_PORT;
    /** The user the operator's re-drive and un-park commands run as: it reads dead letters and writes them back. */
    static final String OPERATOR_USER = "nakksha-operator";
    private static final String CLUSTER_LABEL = "strimzi.io/cluster";
    /** Domain events are kept for good: analytics rebuilds its projections by reading every topic from the start. */
    private static final String KEEP_FOREVER = "-1";
    /** Dead letters are kept for four weeks: long enough to notice, fix and re-drive. */
    private static final String FOUR_WEEKS_MS = String.valueOf(28L * 24 * 60 * 60 * 1000);

    private KafkaManifests() {
    }

    static List<HasMetadata> cluster() {
        var nodePool = new KafkaNodePoolBuilder()
                .withNewMetadata().withName("dual-role").addToLabels(CLUSTER_LABEL, CLUSTER).endMetadata()
                .withNewSpec().withReplicas(3).withRoles(ProcessRoles.CONTROLLER, ProcessRoles.BROKER)
                .withStorage(new PersistentClaimStorageBuilder().withSize("20Gi").withDeleteClaim(false).build())
                .withResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("500m"))
                        .addToRequests("memory", new Quantity("2Gi")).addToLimits("memory", new Quantity("2Gi")).build())
                .endSpec().build();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("default.replication.factor", 3);
        config.put("min.insync.replicas", 2);
        config.put("offsets.topic.replication.factor", 3);
        config.put("transaction.state.log.replication.factor", 3);
        config.put("transaction.state.log.min.isr", 2);
        config.put("auto.create.topics.enable", false);
        var kafka = new KafkaBuilder()
                .withNewMetadata().withName(CLUSTER)
                .addToAnnotations("strimzi.io/node-pools", "enabled").addToAnnotations("strimzi.io/kraft", "enabled").endMetadata()
                .withNewSpec()
                .withNewKafka()
                .withListeners(new GenericKafkaListenerBuilder().withName("tls").withPort(TLS_PORT)
                        .withType(KafkaListenerType.INTERNAL).withTls(true)
                        .withAuth(new KafkaListenerAuthenticationScramSha512()).build())
                .withNewKafkaAuthorizationSimple().endKafkaAuthorizationSimple()
                .withConfig(config)
                .endKafka()
                .withNewEntityOperator().withNewTopicOperator().endTopicOperator().withNewUserOperator().endUserOperator().endEntityOperator()
                .endSpec().build();
        return List.of(kafka, nodePool);
    }

    static List<HasMetadata> topics() {
        List<HasMetadata> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(topic(topic.topicName(), Map.of("retention.ms", KEEP_FOREVER, "retention.bytes", KEEP_FOREVER)));
            topics.add(topic(topic.deadLetterTopicName(), Map.of("retention.ms", FOUR_WEEKS_MS)));
        }
        topics.add(topic(SchemaTopic.NAME, Map.of("cleanup.policy", "compact")));
        return topics;
    }

    private static HasMetadata topic(String name, Map<String, Object> config) {
        return new KafkaTopicBuilder()
                .withNewMetadata().withName(resourceName(name)).addToLabels(CLUSTER_LABEL, CLUSTER).endMetadata()
                .withNewSpec().withTopicName(name).withPartitions(3).withReplicas(3)
                .withConfig(new LinkedHashMap<>(config)).endSpec().build();
    }

    /** Kubernetes names allow neither '_' nor a leading '.', topic names may; the spec keeps the real name. */
    static String resourceName(String topicName) {
        return topicName.replace('_', '-').replaceAll("^[.-]+", "");
    }

    /** One KafkaUser per service that uses Kafka, and the operator's. */
    static List<HasMetadata> users() {
        List<HasMetadata> users = new ArrayList<>();
        for (Workload workload : Workload.platform()) {
            if (workload.usesKafka()) {
                users.add(user(workload.name(), aclsOf(workload.name())));
            }
        }
        List<AclRule> operator = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            operator.add(topicAcl(topic.deadLetterTopicName(), AclOperation.READ, AclOperation.DESCRIBE));
            operator.add(topicAcl(topic.topicName(), AclOperation.WRITE, AclOperation.DESCRIBE));
        }
        operator.add(topicAcl(SchemaTopic.NAME, AclOperation.READ, AclOperation.DESCRIBE));
        operator.add(groupAcl(OPERATOR_USER));
        users.add(user(OPERATOR_USER, operator));
        return users;
    }

    /**
     * A service writes the topics it owns and the dead-letter topics of those it reads; it reads the
     * topics it is a registered reader of; every service writes and reads the schema topic (producers
     * register the schemas they write, consumers resolve unknown ones); consumer groups start with its name.
     */
    static List<AclRule> aclsOf(String service) {
        List<AclRule> acls = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            if (topic.writer().equals(service)) {
                acls.add(topicAcl(topic.topicName(), AclOperation.WRITE, AclOperation.DESCRIBE));
            }
            if (topic.readers().contains(service)) {
                acls.add(topicAcl(topic.topicName(), AclOperation.READ, AclOperation.DESCRIBE));
                acls.add(topicAcl(topic.deadLetterTopicName(), AclOperation.WRITE, AclOperation.DESCRIBE));
            }
        }
        acls.add(topicAcl(SchemaTopic.NAME, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE));
        acls.add(groupAcl(service + "."));
        return acls;
    }

    private static HasMetadata user(String name, List<AclRule> acls) {
        KafkaUserAuthorizationSimple authorization = new KafkaUserAuthorizationSimple();
        authorization.setAcls(acls);
        return new KafkaUserBuilder()
                .withNewMetadata().withName(name).addToLabels(CLUSTER_LABEL, CLUSTER).endMetadata()
                .withNewSpec().withAuthentication(new KafkaUserScramSha512ClientAuthentication())
                .withAuthorization(authorization).endSpec().build();
    }

    private static AclRule topicAcl(String topic, AclOperation... operations) {
        return new AclRuleBuilder().withType(AclRuleType.ALLOW)
                .withResource(new AclRuleTopicResourceBuilder().withName(topic).withPatternType(AclResourcePatternType.LITERAL).build())
                .withOperations(operations).build();
    }

    private static AclRule groupAcl(String prefix) {
        return new AclRuleBuilder().withType(AclRuleType.ALLOW)
                .withResource(new AclRuleGroupResourceBuilder().withName(prefix).withPatternType(AclResourcePatternType.PREFIX).build())
                .withOperations(AclOperation.READ).build();
    }
}
