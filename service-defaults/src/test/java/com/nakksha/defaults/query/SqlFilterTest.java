package com.nakksha.defaults.query;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlFilterTest {

    private enum Colour { RED, BLUE }

    @Test
    void filtersWithoutAValueAddNothing() {
        SqlFilter filter = SqlFilter.where("tenant_id", UUID.randomUUID())
                .equal("active", null)
                .equalIgnoringCase("city", "  ")
                .anyOf("colour", Set.of())
                .anyOf("colour", null)
                .atLeast("total", null)
                .atMost("total", null)
                .before("created_at", null)
                .contains(null, "name")
                .contains(" ", "name");

        assertThat(filter.sql()).isEqualTo("WHERE tenant_id = :filter0");
    }

    @Test
    void eachFilterBindsItsValueAsAParameterNeverAsSqlText() {
        String hostile = "x' OR '1'='1";
        SqlFilter filter = SqlFilter.where("tenant_id", UUID.randomUUID())
                .equal("active", true)
                .equalIgnoringCase("city", hostile)
                .anyOf("colour", List.of(Colour.RED))
                .atLeast("total", 1)
                .atMost("total", 9)
                .before("created_at", "2026-01-01")
                .contains(hostile, "name", "email");

        assertThat(filter.sql()).isEqualTo("WHERE tenant_id = :filter0 AND active = :filter1"
                + " AND lower(city) = lower(:filter2) AND colour = ANY(:filter3) AND total >= :filter4"
                + " AND total <= :filter5 AND created_at < :filter6 AND (name ILIKE :filter7 OR email ILIKE :filter7)");
        assertThat(filter.sql()).doesNotContain(hostile);
    }

    @Test
    void aMissingTenantIsAnErrorNotAWiderQuery() {
        assertThatThrownBy(() -> SqlFilter.where("tenant_id", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void likeWildcardsInUserTextMatchLiterally() {
        assertThat(SqlFilter.likeLiteral("50%_off\\now")).isEqualTo("50\\%\\_off\\\\now");
    }

    @Test
    void theOrderComesFromTheFeaturesColumnForTheRequestedFieldThenTheTieBreaker() {
        Map<String, String> columns = Map.of("name", "lower(c.name)");

        assertThat(SqlFilter.orderBy(new Sort("name", Sort.Direction.DESC), columns, "c.id"))
                .isEqualTo("ORDER BY lower(c.name) DESC, c.id");
        assertThatThrownBy(() -> SqlFilter.orderBy(new Sort("email", Sort.Direction.ASC), columns, "c.id"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
