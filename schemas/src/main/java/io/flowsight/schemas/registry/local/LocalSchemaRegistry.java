package io.flowsight.schemas.registry.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.schemas.registry.CompatibilityCheck;
import io.flowsight.schemas.registry.CompatibilityLevel;
import io.flowsight.schemas.registry.RegisteredSchema;
import io.flowsight.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A schema registry with Confluent's semantics, kept in a journal under a data directory: global ids shared by
 * identical schemas, idempotent registration, versions per subject, soft and permanent deletes, and
 * compatibility levels (global and per subject). {@link SchemaRegistryHttpServer} serves it over the
 * Confluent REST API.
 *
 * <p>Schemas are compared by Avro's canonical JSON ({@code Schema.toString()}), so whitespace and key order
 * do not create new ids. All operations are serialized: registries are small and rarely written.
 */
public final class LocalSchemaRegistry implements AutoCloseable {
    private final RegistryJournal journal;
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, NavigableMap<Integer, Version>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int nextId = 1;

    private record Version(int id, boolean deleted) {
    }

    /** The result of a compatibility test: whether it passed and, if not, why. */
    public record CompatibilityResult(boolean compatible, List<String> messages) {
    }

    private LocalSchemaRegistry(Path dataDirectory) {
        this.journal = new RegistryJournal(dataDirectory);
        journal.open().forEach(this::replay);
    }

    /** Opens (or creates) the registry stored under {@code dataDirectory}. */
    public static LocalSchemaRegistry open(Path dataDirectory) {
        return new LocalSchemaRegistry(dataDirectory);
    }

    public synchronized int register(String subject, String schemaText, String schemaType) {
        requireAvro(schemaType);
        Schema candidate = parse(schemaText);
        String canonical = candidate.toString();
        NavigableMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        for (Version version : versions.values()) {
            if (!version.deleted() && schemaById.get(version.id()).equals(canonical)) {
                return version.id();
            }
        }
        List<String> violations = CompatibilityCheck.violations(levelFor(subject), candidate, liveSchemas(subject));
        if (!violations.isEmpty()) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject '" + subject
                            + "' (" + levelFor(subject) + "): " + String.join("; ", violations));
        }
        Integer id = idBySchema.get(canonical);
        if (id == null) {
            id = nextId;
            journal.append(journal.newEntry("schema").put("id", id).put("schema", canonical));
            putSchema(id, canonical);
        }
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        journal.append(journal.newEntry("version").put("subject", subject).put("version", version).put("id", id));
        subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, new Version(id, false));
        return id;
    }

    public synchronized RegisteredSchema lookup(String subject, String schemaText, String schemaType) {
        requireAvro(schemaType);
        String canonical = parse(schemaText).toString();
        NavigableMap<Integer, Version> versions = liveVersions(subject);
        for (Map.Entry<Integer, Version> entry : versions.entrySet()) {
            if (schemaById.get(entry.getValue().id()).equals(canonical)) {
                return new RegisteredSchema(subject, entry.getValue().id(), entry.getKey(), canonical);
            }
        }
        throw SchemaRegistryException.schemaNotFound("no version of subject '" + subject + "' has this schema");
    }

    public synchronized String schemaById(int id) {
        String schema = schemaById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.schemaNotFound("no schema has id " + id);
        }
        return schema;
    }

    /** The (subject, version) pairs that use schema {@code id}. */
    public synchronized List<RegisteredSchema> usesOf(int id) {
        String schema = schemaById(id);
        List<RegisteredSchema> uses = new ArrayList<>();
        new TreeMap<>(subjects).forEach((subject, versions) -> versions.forEach((version, entry) -> {
            if (!entry.deleted() && entry.id() == id) {
                uses.add(new RegisteredSchema(subject, id, version, schema));
            }
        }));
        return uses;
    }

    public synchronized List<String> subjects() {
        List<String> live = new ArrayList<>();
        new TreeMap<>(subjects).forEach((subject, versions) -> {
            if (versions.values().stream().anyMatch(v -> !v.deleted())) {
                live.add(subject);
            }
        });
        return live;
    }

    public synchronized List<Integer> versions(String subject) {
        return new ArrayList<>(liveVersions(subject).keySet());
    }

    /**
     * One version of a subject; {@code version} is a positive number, {@code latest} or {@code -1}.
     */
    public synchronized RegisteredSchema version(String subject, String version) {
        NavigableMap<Integer, Version> versions = liveVersions(subject);
        int number = parseVersion(version);
        Map.Entry<Integer, Version> entry = number == -1 ? versions.lastEntry() : versions.ceilingEntry(number);
        if (entry == null || (number != -1 && entry.getKey() != number)) {
            throw SchemaRegistryException.versionNotFound(subject, version);
        }
        return new RegisteredSchema(subject, entry.getValue().id(), entry.getKey(),
                schemaById.get(entry.getValue().id()));
    }

    /**
     * Deletes every version of a subject. A soft delete hides them (ids stay resolvable); a permanent one,
     * allowed only after a soft delete as in Confluent's registry, forgets them.
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        boolean anyLive = versions.values().stream().anyMatch(v -> !v.deleted());
        if (!permanent && !anyLive) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_SOFT_DELETED,
                    "Subject '" + subject + "' was soft deleted; delete it with permanent=true to remove it.");
        }
        if (permanent && anyLive) {
            throw new SchemaRegistryException(404, 40405, "Subject '" + subject
                    + "' must be soft deleted before it can be permanently deleted.");
        }
        List<Integer> deleted = new ArrayList<>(versions.keySet());
        for (Integer version : deleted) {
            applyDelete(subject, version, permanent);
        }
        if (permanent) {
            subjectLevels.remove(subject);
        }
        return deleted;
    }

    public synchronized int deleteVersion(String subject, String version, boolean permanent) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        int number = parseVersion(version);
        Map.Entry<Integer, Version> entry = number == -1
                ? liveVersions(subject).lastEntry()
                : Optional.ofNullable(versions.get(number)).map(v -> Map.entry(number, v)).orElse(null);
        if (entry == null) {
            throw SchemaRegistryException.versionNotFound(subject, version);
        }
        if (permanent != entry.getValue().deleted()) {
            throw new SchemaRegistryException(404, permanent ? 40407 : 40406, permanent
                    ? "Version " + entry.getKey() + " of '" + subject + "' must be soft deleted first."
                    : "Version " + entry.getKey() + " of '" + subject + "' was already soft deleted.");
        }
        applyDelete(subject, entry.getKey(), permanent);
        return entry.getKey();
    }

    /**
     * Tests {@code schemaText} against one version ({@code latest}, a number) or, when {@code version} is
     * null, against the versions the subject's level looks at.
     */
    public synchronized CompatibilityResult testCompatibility(String subject, String version, String schemaText,
                                                              String schemaType) {
        requireAvro(schemaType);
        Schema candidate = parse(schemaText);
        List<Schema> against;
        if (version == null) {
            against = liveSchemas(subject);
        } else if (!subjects.containsKey(subject) && "latest".equals(version)) {
            against = List.of();
        } else {
            against = List.of(parse(version(subject, version).schema()));
        }
        List<String> violations = CompatibilityCheck.violations(levelFor(subject), candidate, against);
        return new CompatibilityResult(violations.isEmpty(), violations);
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    public synchronized CompatibilityLevel levelFor(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        journal.append(journal.newEntry("config").put("level", level.name()));
        globalLevel = level;
    }

    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        journal.append(journal.newEntry("config").put("subject", subject).put("level", level.name()));
        subjectLevels.put(subject, level);
    }

    /** Removes a subject's own level; returns the level it had. */
    public synchronized CompatibilityLevel deleteSubjectCompatibility(String subject) {
        CompatibilityLevel previous = subjectLevels.get(subject);
        if (previous == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' has no compatibility level of its own.");
        }
        journal.append(journal.newEntry("config_delete").put("subject", subject));
        subjectLevels.remove(subject);
        return previous;
    }

    /** Where the registry keeps its state. */
    public Path journalFile() {
        return journal.file();
    }

    @Override
    public synchronized void close() {
        journal.close();
    }

    private void applyDelete(String subject, int version, boolean permanent) {
        journal.append(journal.newEntry("delete").put("subject", subject).put("version", version)
                .put("permanent", permanent));
        applyDeleteInMemory(subject, version, permanent);
    }

    private void applyDeleteInMemory(String subject, int version, boolean permanent) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (permanent) {
            versions.remove(version);
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
        } else {
            versions.computeIfPresent(version, (v, entry) -> new Version(entry.id(), true));
        }
    }

    private void replay(JsonNode entry) {
        switch (entry.path("op").asText()) {
            case "schema" -> putSchema(entry.path("id").asInt(), entry.path("schema").asText());
            case "version" -> subjects.computeIfAbsent(entry.path("subject").asText(), s -> new TreeMap<>())
                    .put(entry.path("version").asInt(), new Version(entry.path("id").asInt(), false));
            case "delete" -> applyDeleteInMemory(entry.path("subject").asText(), entry.path("version").asInt(),
                    entry.path("permanent").asBoolean());
            case "config" -> {
                CompatibilityLevel level = CompatibilityLevel.parse(entry.path("level").asText());
                if (entry.hasNonNull("subject")) {
                    subjectLevels.put(entry.path("subject").asText(), level);
                } else {
                    globalLevel = level;
                }
            }
            case "config_delete" -> subjectLevels.remove(entry.path("subject").asText());
            default -> throw new IllegalStateException("Unknown entry in " + journal.file() + ": " + entry
                    + "; was it written by a newer FlowSight?");
        }
    }

    private void putSchema(int id, String canonical) {
        schemaById.put(id, canonical);
        idBySchema.putIfAbsent(canonical, id);
        nextId = Math.max(nextId, id + 1);
    }

    private NavigableMap<Integer, Version> liveVersions(String subject) {
        NavigableMap<Integer, Version> live = new TreeMap<>();
        subjects.getOrDefault(subject, new TreeMap<>()).forEach((version, entry) -> {
            if (!entry.deleted()) {
                live.put(version, entry);
            }
        });
        if (live.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return live;
    }

    private List<Schema> liveSchemas(String subject) {
        return subjects.getOrDefault(subject, new TreeMap<>()).values().stream()
                .filter(version -> !version.deleted())
                .map(version -> parse(schemaById.get(version.id())))
                .toList();
    }

    private static int parseVersion(String version) {
        if ("latest".equals(version)) {
            return -1;
        }
        try {
            int number = Integer.parseInt(version);
            if (number == -1 || number > 0) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. Allowed values are between "
                        + "[1, 2^31-1] and the string \"latest\"");
    }

    private static void requireAvro(String schemaType) {
        if (schemaType != null && !schemaType.isEmpty() && !"AVRO".equals(schemaType)) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "This registry stores Avro schemas only; schemaType " + schemaType + " is not supported.");
        }
    }

    private static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "The request has no schema: send {\"schema\": \"<Avro schema JSON as a string>\"}.");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid Avro schema: " + e.getMessage());
        }
    }
}
