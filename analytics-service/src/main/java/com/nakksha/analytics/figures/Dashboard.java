package com.nakksha.analytics.figures;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A consultant's dashboard: seed 000's DashboardMetrics and ChartData for one period, money in
 * rupees (two decimals) of {@code currency}, rates in percent. Definitions: the service README.
 *
 * @param zone          the consultant's IANA zone the days are in
 * @param dataAsOf      when the newest event was applied to the projection that answered (UTC)
 * @param newestEventAt the newest {@code occurredAt} among the applied events (UTC)
 */
public record Dashboard(String timeframe, LocalDate from, LocalDate to, String zone, String currency, Metrics metrics,
                        Charts charts, Instant dataAsOf, Instant newestEventAt) {

    public record Metrics(String timeframe, long totalSessions, long pendingSessions, long confirmedSessions,
                          long completedSessions, long cancelledSessions, long noShows, long abandonedSessions,
                          BigDecimal sessionCompletionRate, BigDecimal totalRevenue, BigDecimal netRevenue,
                          BigDecimal revenueToday, BigDecimal averageSessionValue, BigDecimal revenueGrowth,
                          BigDecimal previousPeriodRevenue, long totalClients, long newClients, long newClientsToday,
                          long activeClients, BigDecimal repeatClientRate, long quotationsSent, long quotationsAccepted,
                          long quotationsWithdrawn, BigDecimal quotationConversionRate) {
    }

    public record Charts(List<TrendPoint> sessionsTrend, List<ClientsPoint> clientsGrowth, List<RevenueShare> revenueBreakdown) {
    }

    /** One day: sessions scheduled (abandoned excluded) and gross revenue. */
    public record TrendPoint(LocalDate date, long sessions, BigDecimal revenue) {
    }

    /** One month ({@code YYYY-MM}): clients created in it and up to its end. */
    public record ClientsPoint(String month, long newClients, long totalClients) {
    }

    /** Gross revenue of one kind: {@code personal}, {@code webinar}, {@code quotation} or {@code unknown}. */
    public record RevenueShare(String sessionType, BigDecimal amount, BigDecimal percentage) {
    }
}
