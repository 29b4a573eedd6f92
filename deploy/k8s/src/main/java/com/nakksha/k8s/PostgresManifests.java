package com.nakksha.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The Postgres cluster as a CloudNativePG {@code Cluster} (a primary and a streaming replica,
 * backups to object storage, a daily {@code ScheduledBackup}) with one login role and one schema per
 * service: each role owns its schema and nothing else, so no service can read another's tables
 * (DESIGN.md, "each service owns its schema"). The roles' passwords come from Secrets
 * {@code <schema>-db} (type basic-auth) that the operator of the cluster creates; the manifests never
 * hold a password.
 */
final class PostgresManifests {

    static final String CLUSTER = "nakksha-postgres";
    /** CloudNativePG's service for the primary. */
    static final String READ_WRITE_SERVICE = CLUSTER + "-rw";
    static final String DATABASE = "nakksha";
    static final String API_VERSION = "postgresql.cnpg.io/v1";
    static final String BACKUP_CREDENTIALS = "nakksha-postgres-backup";

    private PostgresManifests() {
    }

    static String roleSecret(String schema) {
        return schema + "-db";
    }

    static List<HasMetadata> cluster() {
        List<String> schemas = Workload.platform().stream().flatMap(workload -> workload.schema().stream()).toList();
        List<String> postInit = new ArrayList<>();
        postInit.add("REVOKE ALL ON SCHEMA public FROM PUBLIC");
        for (String schema : schemas) {
            postInit.add("CREATE ROLE " + schema + " NOLOGIN");
            postInit.add("CREATE SCHEMA " + schema + " AUTHORIZATION " + schema);
            postInit.add("ALTER ROLE " + schema + " SET search_path = " + schema);
        }
        List<Map<String, Object>> roles = new ArrayList<>();
        for (String schema : schemas) {
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("name", schema);
            role.put("ensure", "present");
            role.put("login", true);
            role.put("connectionLimit", 40);
            role.put("passwordSecret", Map.of("name", roleSecret(schema)));
            roles.add(role);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("instances", 2);
        spec.put("imageName", "ghcr.io/cloudnative-pg/postgresql:18");
        spec.put("primaryUpdateStrategy", "unsupervised");
        spec.put("postgresql", Map.of("parameters", Map.of(
                "max_connections", "300",
                "synchronous_commit", "on",
                "shared_buffers", "512MB")));
        spec.put("bootstrap", Map.of("initdb", Map.of(
                "database", DATABASE,
                "owner", "nakksha_owner",
                "postInitApplicationSQL", postInit)));
        spec.put("managed", Map.of("roles", roles));
        spec.put("storage", Map.of("size", "20Gi"));
        spec.put("resources", Map.of("requests", Map.of("cpu", "500m", "memory", "1Gi"), "limits", Map.of("memory", "1Gi")));
        spec.put("monitoring", Map.of("enablePodMonitor", true));
        spec.put("backup", Map.of(
                "retentionPolicy", "30d",
                "barmanObjectStore", Map.of(
                        "destinationPath", "s3://nakksha-backups/postgres",
                        "s3Credentials", Map.of(
                                "accessKeyId", Map.of("name", BACKUP_CREDENTIALS, "key", "ACCESS_KEY_ID"),
                                "secretAccessKey", Map.of("name", BACKUP_CREDENTIALS, "key", "SECRET_ACCESS_KEY")),
                        "wal", Map.of("compression", "gzip"))));
        GenericKubernetesResource cluster = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION).withKind("Cluster")
                .withNewMetadata().withName(CLUSTER).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
        GenericKubernetesResource backup = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION).withKind("ScheduledBackup")
                .withNewMetadata().withName(CLUSTER + "-daily").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "schedule", "0 0 2 * * *",
                        "backupOwnerReference", "self",
                        "cluster", Map.of("name", CLUSTER)))).build();
        return List.of(cluster, backup);
    }
}
