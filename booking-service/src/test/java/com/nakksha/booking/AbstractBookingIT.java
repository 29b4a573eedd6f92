package com.nakksha.booking;

import com.nakksha.testsupport.ServiceIT;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running service on a random port with its real Postgres schema and a real Kafka broker; all
 * integration tests share one application context ({@link BookingServiceTest}).
 */
@BookingServiceTest
public abstract class AbstractBookingIT extends ServiceIT {

    /** A client calling the dashboard API as this consultant. */
    protected WebTestClient dashboardOf(TestConsultant consultant) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(consultant.token())).build();
    }

    protected long count(String sql) {
        return database.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }
}
