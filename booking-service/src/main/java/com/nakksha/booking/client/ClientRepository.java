package com.nakksha.booking.client;

import com.nakksha.booking.Page;
import com.nakksha.booking.PageRequest;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** Clients, always read and written within one consultant. */
@Repository
public class ClientRepository {

    static final Map<String, String> SORTABLE = Map.of(
            "name", "lower(name)",
            "email", "lower(email)",
            "createdAt", "created_at",
            "totalSessions", "total_sessions",
            "totalPaid", "total_paid_minor",
            "city", "lower(city)");

    private final DatabaseClient database;

    ClientRepository(DatabaseClient database) {
        this.database = database;
    }

    public Mono<Client> find(UUID consultantId, UUID clientId) {
        return database.sql("SELECT * FROM client WHERE id = :id AND consultant_id = :consultant")
                .bind("id", clientId)
                .bind("consultant", consultantId)
                .map(ClientRepository::read)
                .one();
    }

    /** Inserts the client, or returns empty when the consultant already has a client with this email. */
    public Mono<Client> insertIfNew(Client client) {
        return database.sql("""
                        INSERT INTO client (id, consultant_id, name, email, phone_country_code, phone_number, address, city,
                            state, country, active, total_sessions, total_paid_minor, currency, created_at, updated_at)
                        VALUES (:id, :consultant, :name, :email, :phoneCountryCode, :phoneNumber, :address, :city, :state,
                            :country, :active, 0, 0, :currency, :createdAt, :updatedAt)
                        ON CONFLICT (consultant_id, lower(email)) DO NOTHING
                        RETURNING *""")
                .bind("id", client.id())
                .bind("consultant", client.consultantId())
                .bind("name", client.name())
                .bind("email", client.email())
                .bind("phoneCountryCode", text(client.phoneCountryCode()))
                .bind("phoneNumber", text(client.phoneNumber()))
                .bind("address", text(client.address()))
                .bind("city", text(client.city()))
                .bind("state", text(client.state()))
                .bind("country", text(client.country()))
                .bind("active", client.active())
                .bind("currency", client.currency())
                .bind("createdAt", client.createdAt())
                .bind("updatedAt", client.updatedAt())
                .map(ClientRepository::read)
                .one();
    }

    public Mono<Client> findByEmail(UUID consultantId, String email) {
        return database.sql("SELECT * FROM client WHERE consultant_id = :consultant AND lower(email) = lower(:email)")
                .bind("consultant", consultantId)
                .bind("email", email)
                .map(ClientRepository::read)
                .one();
    }

    /** Replaces the contact details; a clash with another client's email surfaces as a unique violation. */
    public Mono<Client> update(UUID consultantId, UUID clientId, ClientDetails details, boolean active, Instant now) {
        return database.sql("""
                        UPDATE client SET name = :name, email = :email, phone_country_code = :phoneCountryCode,
                            phone_number = :phoneNumber, address = :address, city = :city, state = :state,
                            country = :country, active = :active, updated_at = :now
                        WHERE id = :id AND consultant_id = :consultant
                        RETURNING *""")
                .bind("id", clientId)
                .bind("consultant", consultantId)
                .bind("name", details.name())
                .bind("email", details.email())
                .bind("phoneCountryCode", text(details.phoneCountryCode()))
                .bind("phoneNumber", text(details.phoneNumber()))
                .bind("address", text(details.address()))
                .bind("city", text(details.city()))
                .bind("state", text(details.state()))
                .bind("country", text(details.country()))
                .bind("active", active)
                .bind("now", now)
                .map(ClientRepository::read)
                .one();
    }

    public Mono<Client> deactivate(UUID consultantId, UUID clientId, Instant now) {
        return database.sql("""
                        UPDATE client SET active = FALSE, updated_at = :now
                        WHERE id = :id AND consultant_id = :consultant RETURNING *""")
                .bind("id", clientId)
                .bind("consultant", consultantId)
                .bind("now", now)
                .map(ClientRepository::read)
                .one();
    }

    /**
     * Recounts a client's sessions and what they paid from the sessions themselves, so the totals
     * stay right however often, or in whatever order, sessions change.
     */
    public Mono<Void> refreshTotals(UUID clientId) {
        return database.sql("""
                        UPDATE client SET
                            total_sessions = totals.sessions,
                            total_paid_minor = totals.paid
                        FROM (SELECT count(*) FILTER (WHERE status NOT IN ('CANCELLED', 'ABANDONED')) AS sessions,
                                     COALESCE(sum(amount_minor) FILTER (WHERE payment_status = 'PAID'), 0) AS paid
                              FROM session WHERE client_id = :id) AS totals
                        WHERE client.id = :id""")
                .bind("id", clientId)
                .then();
    }

    public Mono<Page<Client>> list(UUID consultantId, ClientFilter filter, PageRequest page) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(consultantId, filter, parameters);
        Mono<Long> total = bindAll(database.sql("SELECT count(*) AS total FROM client WHERE " + where), parameters)
                .map(row -> row.get("total", Long.class))
                .one();
        Mono<List<Client>> items = bindAll(database.sql("SELECT * FROM client WHERE " + where
                        + " ORDER BY " + page.orderBy() + ", id LIMIT :limit OFFSET :offset"), parameters)
                .bind("limit", page.size())
                .bind("offset", page.offset())
                .map(ClientRepository::read)
                .all()
                .collectList();
        return Mono.zip(items, total).map(both -> Page.of(both.getT1(), page.page(), page.size(), both.getT2()));
    }

    private static String where(UUID consultantId, ClientFilter filter, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder("consultant_id = :consultant");
        parameters.put("consultant", consultantId);
        if (filter.active() != null) {
            where.append(" AND active = :active");
            parameters.put("active", filter.active());
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" AND (name ILIKE :search OR email ILIKE :search"
                    + " OR (coalesce(phone_country_code, '') || coalesce(phone_number, '')) ILIKE :search)");
            parameters.put("search", "%" + likeLiteral(filter.search().strip()) + "%");
        }
        range(where, parameters, "total_sessions", "Sessions", filter.minSessions(), filter.maxSessions());
        range(where, parameters, "total_paid_minor", "Paid", filter.minPaidMinor(), filter.maxPaidMinor());
        equalIgnoringCase(where, parameters, "city", filter.city());
        equalIgnoringCase(where, parameters, "state", filter.state());
        equalIgnoringCase(where, parameters, "country", filter.country());
        if (filter.createdFrom() != null) {
            where.append(" AND created_at >= :createdFrom");
            parameters.put("createdFrom", filter.createdFrom());
        }
        if (filter.createdBefore() != null) {
            where.append(" AND created_at < :createdBefore");
            parameters.put("createdBefore", filter.createdBefore());
        }
        return where.toString();
    }

    private static void range(StringBuilder where, Map<String, Object> parameters, String column, String name,
                              Object min, Object max) {
        if (min != null) {
            where.append(" AND ").append(column).append(" >= :min").append(name);
            parameters.put("min" + name, min);
        }
        if (max != null) {
            where.append(" AND ").append(column).append(" <= :max").append(name);
            parameters.put("max" + name, max);
        }
    }

    private static void equalIgnoringCase(StringBuilder where, Map<String, Object> parameters, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" AND lower(").append(column).append(") = lower(:").append(column).append(")");
            parameters.put(column, value.strip());
        }
    }

    /** Makes user text match literally inside a LIKE pattern. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static GenericExecuteSpec bindAll(GenericExecuteSpec spec, Map<String, Object> parameters) {
        GenericExecuteSpec bound = spec;
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            bound = bound.bind(parameter.getKey(), parameter.getValue());
        }
        return bound;
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    static Client read(Readable row) {
        return new Client(
                row.get("id", UUID.class),
                row.get("consultant_id", UUID.class),
                row.get("name", String.class),
                row.get("email", String.class),
                row.get("phone_country_code", String.class),
                row.get("phone_number", String.class),
                row.get("address", String.class),
                row.get("city", String.class),
                row.get("state", String.class),
                row.get("country", String.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                row.get("total_sessions", Integer.class),
                row.get("total_paid_minor", Long.class),
                row.get("currency", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
