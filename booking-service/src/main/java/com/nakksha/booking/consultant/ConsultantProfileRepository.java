package com.nakksha.booking.consultant;

import com.nakksha.defaults.inbox.OwnerVersion;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
class ConsultantProfileRepository {

    private final DatabaseClient database;

    ConsultantProfileRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<ConsultantProfile> findById(UUID consultantId) {
        return database.sql("SELECT * FROM consultant_profile WHERE consultant_id = :id")
                .bind("id", consultantId)
                .map(ConsultantProfileRepository::read)
                .one();
    }

    /** The newest holder of a (lower-case) slug; two rows hold one only while identity's events of a trade are in flight. */
    Mono<ConsultantProfile> findBySlug(String slug) {
        return findVersionBySlug(slug).map(ConsultantService.SlugRead::profile);
    }

    /** As {@link #findBySlug}, with the row's version (its {@code xmin}), which {@link #SLUG_STILL_LEADS_TO} compares. */
    Mono<ConsultantService.SlugRead> findVersionBySlug(String slug) {
        return database.sql("""
                        SELECT *, xmin::text::bigint AS row_version FROM consultant_profile WHERE slug = :slug
                        ORDER BY slug_since DESC NULLS LAST, updated_at DESC LIMIT 1""")
                .bind("slug", slug)
                .map(row -> new ConsultantService.SlugRead(slug, read(row), row.get("row_version", Long.class)))
                .one();
    }

    /**
     * True while {@code :slug} (lower-case) still leads to the profile of {@code :consultant} at row version
     * {@code :version}, as {@link #findVersionBySlug} found it: any change of the profile (its approval, prices, zone,
     * slug) makes a new row version.
     */
    static final String SLUG_STILL_LEADS_TO = """
            (SELECT consultant_id = :consultant AND xmin::text::bigint = :version FROM consultant_profile
             WHERE slug = :slug ORDER BY slug_since DESC NULLS LAST, updated_at DESC LIMIT 1) IS TRUE""";

    /** The slug now held by the consultant who left {@code retiredSlug} after {@code since}; empty if none. */
    Mono<String> slugReplacing(String retiredSlug, Instant since) {
        return database.sql("""
                        SELECT p.slug FROM retired_slug r JOIN consultant_profile p ON p.consultant_id = r.consultant_id
                        WHERE r.slug = :slug AND r.retired_at > :since AND p.slug IS NOT NULL AND p.slug <> r.slug""")
                .bind("slug", retiredSlug)
                .bind("since", since)
                .map(row -> row.get("slug", String.class))
                .one();
    }

    Mono<Void> registered(ConsultantRegistered event, Instant now) {
        return database.sql("""
                        INSERT INTO consultant_profile (consultant_id, first_name, last_name, updated_at)
                        VALUES (:id, :firstName, :lastName, :now)
                        ON CONFLICT (consultant_id) DO UPDATE
                        SET first_name = COALESCE(consultant_profile.first_name, EXCLUDED.first_name),
                            last_name = COALESCE(consultant_profile.last_name, EXCLUDED.last_name)""")
                .bind("id", event.getConsultantId())
                .bind("firstName", event.getFirstName())
                .bind("lastName", event.getLastName())
                .bind("now", now)
                .then();
    }

    /**
     * Applies a full profile state unless a newer version was applied already. Only an event that is
     * applied retires the consultant's previous slug (kept for redirects) and takes the slug from
     * another holder, and only from one that got it earlier: a replayed or stale event changes
     * nothing, not even someone else's slug.
     */
    Mono<Void> profileUpdated(ConsultantProfileUpdated event, Instant now) {
        UUID consultantId = event.getConsultantId();
        Instant occurredAt = event.getOccurredAt();
        return database.sql("""
                        INSERT INTO retired_slug (slug, consultant_id, retired_at)
                        SELECT slug, consultant_id, :occurredAt FROM consultant_profile
                        WHERE consultant_id = :id AND profile_version < :version AND slug IS NOT NULL
                            AND slug IS DISTINCT FROM :slug
                        ON CONFLICT (slug) DO UPDATE SET consultant_id = EXCLUDED.consultant_id, retired_at = EXCLUDED.retired_at
                        WHERE retired_slug.retired_at < EXCLUDED.retired_at""")
                .bind("id", consultantId)
                .bind("version", event.getProfileVersion())
                .bind("slug", nullable(event.getSlug()))
                .bind("occurredAt", occurredAt)
                .then()
                .then(database.sql("""
                                UPDATE consultant_profile SET slug = NULL, slug_since = NULL
                                WHERE slug = :slug AND consultant_id <> :id
                                    AND (slug_since IS NULL OR slug_since < :occurredAt)
                                    AND NOT EXISTS (SELECT 1 FROM consultant_profile mine
                                        WHERE mine.consultant_id = :id AND mine.profile_version >= :version)""")
                        .bind("slug", nullable(event.getSlug()))
                        .bind("id", consultantId)
                        .bind("occurredAt", occurredAt)
                        .bind("version", event.getProfileVersion())
                        .then())
                .then(database.sql("""
                                INSERT INTO consultant_profile (consultant_id, slug, first_name, last_name, consultancy_sector,
                                    description, experience_months, personal_session_title, personal_session_price_minor,
                                    webinar_session_title, webinar_session_price_minor, currency, profile_photo_url,
                                    instagram_url, linkedin_url, twitter_url, time_zone, profile_version, updated_at, slug_since)
                                VALUES (:id, :slug, :firstName, :lastName, :sector, :description, :experience, :personalTitle,
                                    :personalPrice, :webinarTitle, :webinarPrice, :currency, :photo, :instagram, :linkedin,
                                    :twitter, :timeZone, :version, :now, :occurredAt)
                                ON CONFLICT (consultant_id) DO UPDATE SET
                                    slug = EXCLUDED.slug,
                                    slug_since = CASE WHEN consultant_profile.slug IS NOT DISTINCT FROM EXCLUDED.slug
                                        THEN consultant_profile.slug_since ELSE EXCLUDED.slug_since END, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                                    consultancy_sector = EXCLUDED.consultancy_sector, description = EXCLUDED.description,
                                    experience_months = EXCLUDED.experience_months,
                                    personal_session_title = EXCLUDED.personal_session_title,
                                    personal_session_price_minor = EXCLUDED.personal_session_price_minor,
                                    webinar_session_title = EXCLUDED.webinar_session_title,
                                    webinar_session_price_minor = EXCLUDED.webinar_session_price_minor,
                                    currency = EXCLUDED.currency, profile_photo_url = EXCLUDED.profile_photo_url,
                                    instagram_url = EXCLUDED.instagram_url, linkedin_url = EXCLUDED.linkedin_url,
                                    twitter_url = EXCLUDED.twitter_url, time_zone = EXCLUDED.time_zone,
                                    profile_version = EXCLUDED.profile_version, updated_at = EXCLUDED.updated_at
                                WHERE consultant_profile.profile_version < EXCLUDED.profile_version""")
                        .bind("id", consultantId)
                        .bind("slug", event.getSlug())
                        .bind("firstName", event.getFirstName())
                        .bind("lastName", event.getLastName())
                        .bind("sector", nullable(event.getConsultancySector()))
                        .bind("description", nullable(event.getDescription()))
                        .bind("experience", nullableInt(event.getExperienceMonths()))
                        .bind("personalTitle", nullable(event.getPersonalSessionTitle()))
                        .bind("personalPrice", nullableLong(event.getPersonalSessionPriceMinor()))
                        .bind("webinarTitle", nullable(event.getWebinarSessionTitle()))
                        .bind("webinarPrice", nullableLong(event.getWebinarSessionPriceMinor()))
                        .bind("currency", event.getCurrency())
                        .bind("photo", nullable(event.getProfilePhotoUrl()))
                        .bind("instagram", nullable(event.getInstagramUrl()))
                        .bind("linkedin", nullable(event.getLinkedinUrl()))
                        .bind("twitter", nullable(event.getTwitterUrl()))
                        .bind("timeZone", event.getTimezone())
                        .bind("version", event.getProfileVersion())
                        .bind("occurredAt", occurredAt)
                        .bind("now", now)
                        .then());
    }

    /**
     * Applies an admin's decision unless the replica holds a newer one: decisions are ordered by the account's
     * version ({@code consultantVersion}), so an old approval re-driven after a suspension reopens nothing. A
     * decision without a version (a writer before the field), or a replica row without one, applies in arrival order.
     */
    Mono<Void> approvalChanged(UUID consultantId, ApprovalStatus approval, Long consultantVersion, Instant now) {
        return database.sql("""
                        INSERT INTO consultant_profile (consultant_id, approval, approval_version, updated_at)
                        VALUES (:id, :approval, :version, :now)
                        ON CONFLICT (consultant_id) DO UPDATE SET approval = EXCLUDED.approval,
                            approval_version = EXCLUDED.approval_version
                        WHERE """ + OwnerVersion.newer("consultant_profile.approval_version", "EXCLUDED.approval_version"))
                .bind("id", consultantId)
                .bind("approval", approval.name())
                .bind("version", nullableLong(consultantVersion))
                .bind("now", now)
                .then();
    }

    private static ConsultantProfile read(Readable row) {
        return new ConsultantProfile(
                row.get("consultant_id", UUID.class),
                row.get("slug", String.class),
                row.get("first_name", String.class),
                row.get("last_name", String.class),
                row.get("consultancy_sector", String.class),
                row.get("description", String.class),
                row.get("experience_months", Integer.class),
                row.get("personal_session_title", String.class),
                row.get("personal_session_price_minor", Long.class),
                row.get("webinar_session_title", String.class),
                row.get("webinar_session_price_minor", Long.class),
                row.get("currency", String.class),
                row.get("profile_photo_url", String.class),
                row.get("instagram_url", String.class),
                row.get("linkedin_url", String.class),
                row.get("twitter_url", String.class),
                row.get("time_zone", String.class),
                ApprovalStatus.valueOf(row.get("approval", String.class)));
    }

    private static Parameter nullable(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static Parameter nullableInt(Integer value) {
        return Parameter.fromOrEmpty(value, Integer.class);
    }

    private static Parameter nullableLong(Long value) {
        return Parameter.fromOrEmpty(value, Long.class);
    }
}
