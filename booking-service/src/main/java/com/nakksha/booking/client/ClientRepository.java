package com.nakksha.booking.client;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** Clients, always read and written within one consultant. */
@Repository
class ClientRepository {

    /** The API fields a client list sorts by, and the SQL each stands for. */
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "name", "lower(name)",
            "email", "lower(email)",
            "createdAt", "created_at",
            "totalSessions", "total_sessions",
            "totalPaid", "total_paid_minor",
            "city", "lower(city)");

    private final DatabaseClient database;
    private final String lead;

    ClientRepository(DatabaseClient database, ClientSessions sessions) {
        this.database = database;
        this.lead = sessions.leadCondition("client.id");
    }

    Mono<Client> find(UUID consultantId, UUID clientId) {
        return database.sql("SELECT * FROM client WHERE id = :id AND consultant_id = :consultant")
                .bind("id", clientId)
                .bind("consultant", consultantId)
                .map(ClientRepository::read)
                .one();
    }

    /** Inserts the client, or returns empty when the consultant already has a client with this email. */
    Mono<Client> insertIfNew(Client client) {
        return boundTo(database.sql("""
                        INSERT INTO client (id, consultant_id, name, email, phone_country_code, phone_number, address, city,
                            state, country, active, total_sessions, total_paid_minor, currency, created_at, updated_at)
                        VALUES (:id, :consultant, :name, :email, :phoneCountryCode, :phoneNumber, :address, :city, :state,
                            :country, :active, 0, 0, :currency, :createdAt, :updatedAt)
                        ON CONFLICT (consultant_id, lower(email)) DO NOTHING
                        RETURNING *"""), client)
                .map(ClientRepository::read)
                .one();
    }

    /**
     * Inserts the client with {@code added} as its totals, or adds {@code added} to the totals of the consultant's
     * client with this email (any case), in one statement; tells which by the row's xmax, which is 0 only for a row
     * this statement inserted (an updated row carries the updating transaction's id).
     */
    Mono<ClientService.Match> upsertAddingToTotals(Client client, ClientTotals added) {
        return boundTo(database.sql("""
                        INSERT INTO client (id, consultant_id, name, email, phone_country_code, phone_number, address, city,
                            state, country, active, total_sessions, total_paid_minor, currency, created_at, updated_at)
                        VALUES (:id, :consultant, :name, :email, :phoneCountryCode, :phoneNumber, :address, :city, :state,
                            :country, :active, :sessions, :paid, :currency, :createdAt, :updatedAt)
                        ON CONFLICT (consultant_id, lower(email)) DO UPDATE
                            SET total_sessions = client.total_sessions + EXCLUDED.total_sessions,
                                total_paid_minor = client.total_paid_minor + EXCLUDED.total_paid_minor
                        RETURNING *, xmax = 0 AS inserted"""), client)
                .bind("sessions", added.sessions())
                .bind("paid", added.paidMinor())
                .map(row -> new ClientService.Match(read(row), Boolean.TRUE.equals(row.get("inserted", Boolean.class))))
                .one();
    }

    /** The client's columns of an insert, as {@link #insertIfNew} and {@link #upsertAddingToTotals} name them. */
    private static DatabaseClient.GenericExecuteSpec boundTo(DatabaseClient.GenericExecuteSpec insert, Client client) {
        return insert
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
                .bind("updatedAt", client.updatedAt());
    }

    Mono<Client> findByEmail(UUID consultantId, String email) {
        return database.sql("SELECT * FROM client WHERE consultant_id = :consultant AND lower(email) = lower(:email)")
                .bind("consultant", consultantId)
                .bind("email", email)
                .map(ClientRepository::read)
                .one();
    }

    /** Replaces the contact details; a clash with another client's email surfaces as a unique violation. */
    Mono<Client> update(UUID consultantId, UUID clientId, ClientDetails details, boolean active, Instant now) {
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

    Mono<Client> activate(UUID consultantId, UUID clientId, Instant now) {
        return database.sql("""
                        UPDATE client SET active = TRUE, updated_at = :now
                        WHERE id = :id AND consultant_id = :consultant RETURNING *""")
                .bind("id", clientId)
                .bind("consultant", consultantId)
                .bind("now", now)
                .map(ClientRepository::read)
                .one();
    }

    Mono<Client> deactivate(UUID consultantId, UUID clientId, Instant now) {
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
     * Locks the client's row until the transaction ends, so that totals recounted after it include
     * every session a concurrent transaction of the same client committed before.
     */
    Mono<Void> lockForTotals(UUID clientId) {
        return database.sql("SELECT id FROM client WHERE id = :id FOR NO KEY UPDATE")
                .bind("id", clientId)
                .map(row -> row.get("id", UUID.class))
                .all()
                .then();
    }

    Mono<Void> storeTotals(UUID clientId, ClientTotals totals) {
        return database.sql("UPDATE client SET total_sessions = :sessions, total_paid_minor = :paid WHERE id = :id")
                .bind("sessions", totals.sessions())
                .bind("paid", totals.paidMinor())
                .bind("id", clientId)
                .then();
    }

    Mono<Void> addToTotals(UUID clientId, int sessions, long paidMinor) {
        return database.sql("""
                        UPDATE client SET total_sessions = total_sessions + :sessions, total_paid_minor = total_paid_minor + :paid
                        WHERE id = :id""")
                .bind("sessions", sessions)
                .bind("paid", paidMinor)
                .bind("id", clientId)
                .then();
    }

    Mono<Page<Client>> list(UUID consultantId, ClientFilter filter, PageRequest page) {
        SqlFilter where = where(consultantId, filter);
        return where.page(database, "SELECT *", "FROM client", page, SORT_COLUMNS, "id", ClientRepository::read);
    }

    private SqlFilter where(UUID consultantId, ClientFilter filter) {
        return SqlFilter.where("consultant_id", consultantId)
                .equal(lead, filter.leads())
                .equal("active", filter.active())
                .contains(filter.search(), "name", "email",
                        "(coalesce(phone_country_code, '') || coalesce(phone_number, ''))")
                .atLeast("total_sessions", filter.minSessions())
                .atMost("total_sessions", filter.maxSessions())
                .atLeast("total_paid_minor", filter.minPaidMinor())
                .atMost("total_paid_minor", filter.maxPaidMinor())
                .equalIgnoringCase("city", filter.city())
                .equalIgnoringCase("state", filter.state())
                .equalIgnoringCase("country", filter.country())
                .atLeast("created_at", filter.createdFrom())
                .before("created_at", filter.createdBefore());
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
