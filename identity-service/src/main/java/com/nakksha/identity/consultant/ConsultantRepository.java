package com.nakksha.identity.consultant;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import com.nakksha.identity.account.EmailAddress;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Consultant rows in the identity schema; other features go through {@link ConsultantService}. */
@Repository
class ConsultantRepository {

    private static final String COLUMNS = """
            id, email, password_hash, status, status_reason, status_decision, email_verified_at, first_name, last_name,
            phone_country_code, phone_number, consultancy_sector, description, experience_months,
            personal_session_title, personal_session_price_minor, webinar_session_title, webinar_session_price_minor,
            instagram_url, linkedin_url, twitter_url, profile_photo_url, timezone, slug, bank_details_sealed,
            profile_version, created_at, updated_at, row_version""";

    /** The API fields of {@link ConsultantSearch#SORTABLE} and the SQL each stands for. */
    private static final Map<String, String> SORT_COLUMNS = Map.of("createdAt", "created_at");

    private final DatabaseClient database;

    ConsultantRepository(DatabaseClient database) {
        this.database = database;
    }

    public Mono<Void> insert(Consultant consultant) {
        return bindAll(database.sql("""
                        INSERT INTO consultant (id, email, password_hash, status, status_reason, status_decision,
                            email_verified_at, first_name, last_name, phone_country_code, phone_number, consultancy_sector, description,
                            experience_months, personal_session_title, personal_session_price_minor, webinar_session_title,
                            webinar_session_price_minor, instagram_url, linkedin_url, twitter_url, profile_photo_url,
                            timezone, slug, bank_details_sealed, profile_version, created_at, updated_at, row_version)
                        VALUES (:id, :email, :passwordHash, :status, :statusReason, :statusDecision,
                            :emailVerifiedAt, :firstName, :lastName, :phoneCountryCode, :phoneNumber, :consultancySector, :description,
                            :experienceMonths, :personalSessionTitle, :personalSessionPriceMinor, :webinarSessionTitle,
                            :webinarSessionPriceMinor, :instagramUrl, :linkedinUrl, :twitterUrl, :profilePhotoUrl,
                            :timezone, :slug, :bankDetailsSealed, :profileVersion, :createdAt, :updatedAt, 0)"""), consultant)
                .bind("email", consultant.email().value())
                .bind("createdAt", utc(consultant.createdAt()))
                .fetch().rowsUpdated().then();
    }

    /** Writes the aggregate back; fails when another transaction changed the row since it was read. */
    public Mono<Void> update(Consultant consultant, long readRowVersion) {
        return bindAll(database.sql("""
                        UPDATE consultant SET password_hash = :passwordHash, status = :status, status_reason = :statusReason,
                            status_decision = :statusDecision, email_verified_at = :emailVerifiedAt,
                            first_name = :firstName, last_name = :lastName,
                            phone_country_code = :phoneCountryCode, phone_number = :phoneNumber,
                            consultancy_sector = :consultancySector, description = :description,
                            experience_months = :experienceMonths, personal_session_title = :personalSessionTitle,
                            personal_session_price_minor = :personalSessionPriceMinor,
                            webinar_session_title = :webinarSessionTitle, webinar_session_price_minor = :webinarSessionPriceMinor,
                            instagram_url = :instagramUrl, linkedin_url = :linkedinUrl, twitter_url = :twitterUrl,
                            profile_photo_url = :profilePhotoUrl, timezone = :timezone, slug = :slug,
                            bank_details_sealed = :bankDetailsSealed, profile_version = :profileVersion,
                            updated_at = :updatedAt, row_version = row_version + 1
                        WHERE id = :id AND row_version = :rowVersion"""), consultant)
                .bind("rowVersion", readRowVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new OptimisticLockingFailureException("consultant " + consultant.id() + " changed concurrently")));
    }

    public Mono<LoadedConsultant> findById(UUID id) {
        return database.sql("SELECT " + COLUMNS + " FROM consultant WHERE id = :id").bind("id", id)
                .map(ConsultantRepository::toLoaded).one();
    }

    /** Reads and locks the row until the transaction ends, so concurrent admin actions queue up. */
    public Mono<LoadedConsultant> findByIdForUpdate(UUID id) {
        return database.sql("SELECT " + COLUMNS + " FROM consultant WHERE id = :id FOR UPDATE").bind("id", id)
                .map(ConsultantRepository::toLoaded).one();
    }

    public Mono<LoadedConsultant> findByEmail(EmailAddress email) {
        return database.sql("SELECT " + COLUMNS + " FROM consultant WHERE lower(email) = :email").bind("email", email.value())
                .map(ConsultantRepository::toLoaded).one();
    }

    public Mono<Boolean> emailTaken(EmailAddress email) {
        return database.sql("SELECT 1 FROM consultant WHERE lower(email) = :email").bind("email", email.value())
                .map(row -> 1).first().hasElement();
    }

    /** Slugs equal to {@code base} or of the form {@code base-N}, to pick the first free alternative. */
    /** A transaction-scoped advisory lock on {@code base} and the {@code base-N} slugs made from it. */
    public Mono<Void> lockSlugFamily(Slug base) {
        return database.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .bind("key", "consultant-slug:" + base.value())
                .map(row -> 1).first().then();
    }

    public Flux<String> slugsLike(Slug base) {
        return database.sql("SELECT slug FROM consultant WHERE slug = :base OR slug LIKE :pattern")
                .bind("base", base.value())
                .bind("pattern", base.value().replace("_", "\\_").replace("%", "\\%") + "-%")
                .map(row -> row.get("slug", String.class)).all();
    }

    public Mono<Boolean> slugTakenByAnother(Slug slug, UUID consultantId) {
        return database.sql("SELECT 1 FROM consultant WHERE slug = :slug AND id <> :id")
                .bind("slug", slug.value()).bind("id", consultantId)
                .map(row -> 1).first().hasElement();
    }

    /** One page of the consultants matching {@code search}, sorted as {@code page} asks (one of {@link ConsultantSearch#SORTABLE}), then by id. */
    public Mono<Page<Consultant>> search(ConsultantSearch search, PageRequest page) {
        // An admin's list spans every consultant: no tenant column narrows it.
        SqlFilter where = SqlFilter.where("true", true)
                .equal("status", search.status() == null ? null : search.status().name())
                .contains(search.text(), "email", "first_name || ' ' || last_name")
                .atLeast("created_at", search.signedUpFrom() == null ? null : utc(search.signedUpFrom()))
                .before("created_at", search.signedUpBefore() == null ? null : utc(search.signedUpBefore()));
        return where.page(database, "SELECT " + COLUMNS, "FROM consultant", page, SORT_COLUMNS, "id", ConsultantRepository::toLoaded)
                .map(loaded -> loaded.map(LoadedConsultant::consultant));
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Consultant c) {
        Profile p = c.profile();
        spec = spec.bind("id", c.id())
                .bind("passwordHash", c.passwordHash())
                .bind("status", c.status().name())
                .bind("firstName", p.firstName())
                .bind("lastName", p.lastName())
                .bind("phoneCountryCode", p.phone().countryCode())
                .bind("phoneNumber", p.phone().number())
                .bind("timezone", p.timezone().value())
                .bind("slug", p.slug().value())
                .bind("profileVersion", c.profileVersion())
                .bind("updatedAt", utc(c.updatedAt()));
        spec = nullable(spec, "statusReason", c.statusReason(), String.class);
        spec = nullable(spec, "statusDecision", c.statusDecision() == null ? null : c.statusDecision().name(), String.class);
        spec = nullable(spec, "emailVerifiedAt", c.emailVerifiedAt() == null ? null : utc(c.emailVerifiedAt()), OffsetDateTime.class);
        spec = nullable(spec, "consultancySector", p.consultancySector(), String.class);
        spec = nullable(spec, "description", p.description(), String.class);
        spec = nullable(spec, "experienceMonths", p.experienceMonths(), Integer.class);
        spec = nullable(spec, "personalSessionTitle", p.personalSessionTitle(), String.class);
        spec = nullable(spec, "personalSessionPriceMinor", p.personalSessionPrice() == null ? null : p.personalSessionPrice().amountMinor(), Long.class);
        spec = nullable(spec, "webinarSessionTitle", p.webinarSessionTitle(), String.class);
        spec = nullable(spec, "webinarSessionPriceMinor", p.webinarSessionPrice() == null ? null : p.webinarSessionPrice().amountMinor(), Long.class);
        spec = nullable(spec, "instagramUrl", url(p.instagramUrl()), String.class);
        spec = nullable(spec, "linkedinUrl", url(p.linkedinUrl()), String.class);
        spec = nullable(spec, "twitterUrl", url(p.twitterUrl()), String.class);
        spec = nullable(spec, "profilePhotoUrl", url(p.profilePhotoUrl()), String.class);
        spec = nullable(spec, "bankDetailsSealed", c.sealedBankDetails(), String.class);
        return spec;
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static String url(WebUrl url) {
        return url == null ? null : url.value();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static <T, R> R mapNullable(T value, java.util.function.Function<T, R> mapper) {
        return value == null ? null : mapper.apply(value);
    }

    static LoadedConsultant toLoaded(Readable row) {
        Profile profile = new Profile(
                row.get("first_name", String.class),
                row.get("last_name", String.class),
                new PhoneNumber(row.get("phone_country_code", String.class), row.get("phone_number", String.class)),
                row.get("consultancy_sector", String.class),
                row.get("description", String.class),
                row.get("experience_months", Integer.class),
                row.get("personal_session_title", String.class),
                mapNullable(row.get("personal_session_price_minor", Long.class), PriceInr::new),
                row.get("webinar_session_title", String.class),
                mapNullable(row.get("webinar_session_price_minor", Long.class), PriceInr::new),
                mapNullable(row.get("instagram_url", String.class), WebUrl::new),
                mapNullable(row.get("linkedin_url", String.class), WebUrl::new),
                mapNullable(row.get("twitter_url", String.class), WebUrl::new),
                mapNullable(row.get("profile_photo_url", String.class), WebUrl::new),
                new TimeZoneId(row.get("timezone", String.class)),
                new Slug(row.get("slug", String.class)));
        Consultant consultant = new Consultant(
                row.get("id", UUID.class),
                new EmailAddress(row.get("email", String.class)),
                row.get("password_hash", String.class),
                ConsultantStatus.valueOf(row.get("status", String.class)),
                row.get("status_reason", String.class),
                mapNullable(row.get("status_decision", String.class), StatusDecision::valueOf),
                instant(row, "email_verified_at"),
                profile,
                row.get("profile_version", Long.class),
                row.get("bank_details_sealed", String.class),
                instant(row, "created_at"),
                instant(row, "updated_at"));
        return new LoadedConsultant(consultant, row.get("row_version", Long.class));
    }

}
