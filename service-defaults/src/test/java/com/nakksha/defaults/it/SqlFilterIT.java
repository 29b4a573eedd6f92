package com.nakksha.defaults.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter builder against real Postgres: user text matches literally, tenants stay apart, sorting follows the page request. */
@NakkshaServiceTest(schema = "defaultsit")
class SqlFilterIT {

    private static final Map<String, String> SORT_COLUMNS = Map.of("name", "lower(name)", "quantity", "quantity");

    @Autowired
    DatabaseClient database;

    private final UUID tenant = UUID.randomUUID();

    @BeforeEach
    void items() {
        database.sql("CREATE TABLE IF NOT EXISTS filter_it_item (id UUID PRIMARY KEY, tenant_id UUID NOT NULL, name TEXT NOT NULL, quantity INT NOT NULL)")
                .then().block();
        insert(tenant, "50% off lamp", 3);
        insert(tenant, "500 lamps", 7);
        insert(tenant, "desk_a", 1);
        insert(tenant, "deskXa", 5);
        insert(tenant, "back\\slash", 2);
        insert(UUID.randomUUID(), "50% off lamp of another tenant", 3);
    }

    @Test
    void percentUnderscoreAndBackslashInTheSearchMatchThemselves() {
        assertThat(names(SqlFilter.where("tenant_id", tenant).contains("50%", "name"), "name")).containsExactly("50% off lamp");
        assertThat(names(SqlFilter.where("tenant_id", tenant).contains("k_a", "name"), "name")).containsExactly("desk_a");
        assertThat(names(SqlFilter.where("tenant_id", tenant).contains("K\\S", "name"), "name")).containsExactly("back\\slash");
        assertThat(names(SqlFilter.where("tenant_id", tenant).contains("LAMP", "name"), "name"))
                .containsExactly("50% off lamp", "500 lamps");
    }

    @Test
    void rangesCombineWithTheTenantAndTheRequestedOrder() {
        PageRequest page = PageRequest.of(0, 10, "quantity,desc", SORT_COLUMNS.keySet(), "name", 50);
        SqlFilter filter = SqlFilter.where("tenant_id", tenant).atLeast("quantity", 2).atMost("quantity", 5);

        assertThat(names(filter, SqlFilter.orderBy(page.sort(), SORT_COLUMNS, "id").substring("ORDER BY ".length())))
                .containsExactly("deskXa", "50% off lamp", "back\\slash");
    }

    private List<String> names(SqlFilter filter, String order) {
        return filter.bind(database.sql("SELECT name FROM filter_it_item " + filter.sql() + " ORDER BY " + order))
                .map(row -> row.get("name", String.class))
                .all().collectList().block();
    }

    private void insert(UUID owner, String name, int quantity) {
        database.sql("INSERT INTO filter_it_item (id, tenant_id, name, quantity) VALUES (:id, :tenant, :name, :quantity)")
                .bind("id", UUID.randomUUID())
                .bind("tenant", owner)
                .bind("name", name)
                .bind("quantity", quantity)
                .then().block();
    }
}
