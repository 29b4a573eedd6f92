package com.nakksha.analytics.figures;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

import com.nakksha.analytics.AnalyticsProperties;
import com.nakksha.analytics.figures.FiguresRepository.Distinct;
import com.nakksha.analytics.figures.FiguresRepository.Scope;
import com.nakksha.analytics.period.Period;
import com.nakksha.analytics.projection.Projection;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** The dashboard and platform figures, read from the serving projection generation. */
@Service
public class FiguresService {

    private static final int TOP_CONSULTANTS = 10;

    private final FiguresRepository figures;
    private final Projection projection;
    private final AnalyticsProperties properties;
    private final Clock clock;

    FiguresService(FiguresRepository figures, Projection projection, AnalyticsProperties properties, Clock clock) {
        this.figures = figures;
        this.projection = projection;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The consultant's dashboard for a period of their own calendar days.
     *
     * @throws com.nakksha.defaults.problem.InvalidInputException for a bad timeframe, from or to (see {@link Period#of})
     */
    public Mono<Dashboard> dashboard(UUID consultantId, String timeframe, String from, String to) {
        return figures.serving(consultantId, properties.defaultZone()).flatMap(serving -> {
            LocalDate today = LocalDate.now(clock.withZone(serving.zone()));
            Period period = Period.of(timeframe, from, to, today, properties.maxRangeDays());
            Scope scope = Scope.consultant(serving.generation(), consultantId, properties.defaultZone());
            return dashboard(scope, serving.zone(), today, period);
        });
    }

    /** The daily series of the consultant's dashboard period, as CSV with a header line. */
    public Mono<String> dailyCsv(UUID consultantId, String timeframe, String from, String to) {
        return figures.serving(consultantId, properties.defaultZone()).flatMap(serving -> {
            Period period = Period.of(timeframe, from, to, LocalDate.now(clock.withZone(serving.zone())), properties.maxRangeDays());
            Scope scope = Scope.consultant(serving.generation(), consultantId, properties.defaultZone());
            return figures.daily(scope, period.from(), period.to()).map(days -> csv(period, days));
        });
    }

    /**
     * The platform's figures in {@code zone} (null: the configured platform zone).
     *
     * @throws com.nakksha.defaults.problem.InvalidInputException for a bad timeframe, from, to or zone
     */
    public Mono<PlatformFigures> platform(String timeframe, String from, String to, String zone) {
        ZoneId platformZone = Period.zone(zone, properties.platformZone());
        Period period = Period.of(timeframe, from, to, LocalDate.now(clock.withZone(platformZone)), properties.maxRangeDays());
        return projection.active().flatMap(generation -> {
            int g = generation.generation();
            Scope scope = Scope.platform(g, platformZone);
            return Mono.zip(figures.daily(scope, period.from(), period.to()),
                            figures.consultantsByStatus(g),
                            figures.signupsAndApprovals(g, platformZone, period.from(), period.to()),
                            figures.sessionsBySourceAndStatus(g, platformZone, period.from(), period.to()),
                            figures.failedAndCapturedPayments(g, platformZone, period.from(), period.to()),
                            figures.topConsultants(g, platformZone, period.from(), period.to(), TOP_CONSULTANTS))
                    .map(all -> {
                        Totals totals = Totals.of(all.getT1().values());
                        Map<String, Map<String, Long>> bySource = all.getT4();
                        Map<String, Long> byStatus = new TreeMap<>();
                        bySource.values().forEach(statuses -> statuses.forEach((status, n) -> byStatus.merge(status, n, Long::sum)));
                        Map<String, Long> publicSessions = bySource.getOrDefault("PUBLIC", Map.of());
                        long publicTotal = publicSessions.values().stream().mapToLong(Long::longValue).sum();
                        long[] failedCaptured = all.getT5();
                        List<PlatformFigures.ConsultantDay> consultantDays = all.getT3().entrySet().stream()
                                .map(day -> new PlatformFigures.ConsultantDay(day.getKey(), day.getValue()[0], day.getValue()[1]))
                                .toList();
                        List<PlatformFigures.PlatformDay> daily = period.from().datesUntil(period.to().plusDays(1))
                                .map(day -> all.getT1().getOrDefault(day, DailyFigures.empty(day)))
                                .map(day -> new PlatformFigures.PlatformDay(day.day(), day.totalSessions(),
                                        Money.major(day.capturedMinor()), Money.major(day.refundedMinor())))
                                .toList();
                        return new PlatformFigures(period.from(), period.to(), platformZone.getId(), FiguresRepository.CURRENCY,
                                new TreeMap<>(all.getT2()), consultantDays, sortedNested(bySource), byStatus,
                                Money.major(totals.captured), Money.major(totals.manual), Money.major(totals.refunded),
                                Money.major(totals.returned), Money.major(totals.platformFees), Money.major(totals.providerFees),
                                Money.percent(failedCaptured[0], failedCaptured[0] + failedCaptured[1]),
                                Money.percent(publicSessions.getOrDefault("ABANDONED", 0L), publicTotal),
                                all.getT6().stream()
                                        .map(top -> new PlatformFigures.TopConsultant(top.getKey(), Money.major(top.getValue())))
                                        .toList(),
                                daily, generation.lastAppliedAt(), generation.newestEventAt());
                    });
        });
    }

    private Mono<Dashboard> dashboard(Scope scope, ZoneId zone, LocalDate today, Period period) {
        Period previous = period.previous();
        LocalDate firstMonth = period.from().withDayOfMonth(1);
        LocalDate lastMonthEnd = YearMonth.from(period.to()).atEndOfMonth();
        // One read of the daily rows covers the period, the previous one and the whole months the period touches.
        LocalDate readFrom = previous.from().isBefore(firstMonth) ? previous.from() : firstMonth;
        return figures.consultantFigures(scope, readFrom, lastMonthEnd, today, period.from(), period.to(), firstMonth)
                .map(read -> {
                    TreeMap<LocalDate, DailyFigures> days = read.days();
                    Totals current = Totals.of(days.subMap(period.from(), true, period.to(), true).values());
                    Totals before = Totals.of(days.subMap(previous.from(), true, previous.to(), true).values());
                    DailyFigures todays = read.today().getOrDefault(today, DailyFigures.empty(today));
                    Distinct distinct = read.distinct();
                    long clientsBeforeFirstMonth = read.clientsBefore();
                    long clientsBeforePeriod = clientsBeforeFirstMonth
                            + Totals.of(days.subMap(firstMonth, true, period.from(), false).values()).newClients;
                    Dashboard.Metrics metrics = new Dashboard.Metrics(period.timeframe().apiName(),
                            current.sessions, current.status("PENDING"), current.status("CONFIRMED"),
                            current.status("COMPLETED"), current.status("CANCELLED"), current.status("NO_SHOW"),
                            current.status("ABANDONED"),
                            Money.percent(current.status("COMPLETED"),
                                    current.status("COMPLETED") + current.status("CANCELLED") + current.status("NO_SHOW")),
                            Money.major(current.gross()), Money.major(current.net()), Money.major(todays.grossMinor()),
                            distinct.paidSessions() == 0 ? Money.major(0)
                                    : Money.major(Math.round((double) current.sessionMoney() / distinct.paidSessions())),
                            Money.growth(current.gross(), before.gross()), Money.major(before.gross()),
                            clientsBeforePeriod + current.newClients, current.newClients, todays.newClients(),
                            distinct.activeClients(), Money.percent(distinct.repeatClients(), distinct.activeClients()),
                            current.quotationsSent, current.quotationsAccepted, current.quotationsWithdrawn,
                            Money.percent(current.quotationsSentAccepted, current.quotationsSent));
                    List<Dashboard.TrendPoint> trend = period.from().datesUntil(period.to().plusDays(1))
                            .map(day -> days.getOrDefault(day, DailyFigures.empty(day)))
                            .map(day -> new Dashboard.TrendPoint(day.day(), day.totalSessions(), Money.major(day.grossMinor())))
                            .toList();
                    Dashboard.Charts charts = new Dashboard.Charts(trend,
                            clientsGrowth(days, firstMonth, YearMonth.from(period.to()), clientsBeforeFirstMonth),
                            breakdown(current.revenueByKind));
                    return new Dashboard(period.timeframe().apiName(), period.from(), period.to(), zone.getId(),
                            FiguresRepository.CURRENCY, metrics, charts, read.lastAppliedAt(), read.newestEventAt());
                });
    }

    private static List<Dashboard.ClientsPoint> clientsGrowth(NavigableMap<LocalDate, DailyFigures> days, LocalDate firstMonth,
                                                              YearMonth lastMonth, long clientsBefore) {
        List<Dashboard.ClientsPoint> points = new ArrayList<>();
        long total = clientsBefore;
        for (YearMonth month = YearMonth.from(firstMonth); !month.isAfter(lastMonth); month = month.plusMonths(1)) {
            long created = Totals.of(days.subMap(month.atDay(1), true, month.atEndOfMonth(), true).values()).newClients;
            total += created;
            points.add(new Dashboard.ClientsPoint(month.toString(), created, total));
        }
        return points;
    }

    private static List<Dashboard.RevenueShare> breakdown(Map<String, Long> byKind) {
        long gross = byKind.values().stream().mapToLong(Long::longValue).sum();
        return byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
                .map(kind -> new Dashboard.RevenueShare(kind.getKey().toLowerCase(Locale.ROOT), Money.major(kind.getValue()),
                        Money.percent(kind.getValue(), gross)))
                .toList();
    }

    private static Map<String, Map<String, Long>> sortedNested(Map<String, Map<String, Long>> map) {
        Map<String, Map<String, Long>> sorted = new TreeMap<>();
        map.forEach((key, inner) -> sorted.put(key, new TreeMap<>(inner)));
        return sorted;
    }

    private static String csv(Period period, TreeMap<LocalDate, DailyFigures> days) {
        StringBuilder csv = new StringBuilder("date,sessions,pending,confirmed,completed,cancelled,no_shows,abandoned,"
                + "revenue_gross,revenue_net,captured,manual,refunded,provider_fees,platform_fees,new_clients,"
                + "quotations_sent,quotations_accepted,quotations_withdrawn\n");
        period.from().datesUntil(period.to().plusDays(1)).forEach(date -> {
            DailyFigures day = days.getOrDefault(date, DailyFigures.empty(date));
            csv.append(date).append(',').append(day.totalSessions()).append(',').append(day.sessions("PENDING"))
                    .append(',').append(day.sessions("CONFIRMED")).append(',').append(day.sessions("COMPLETED"))
                    .append(',').append(day.sessions("CANCELLED")).append(',').append(day.sessions("NO_SHOW"))
                    .append(',').append(day.sessions("ABANDONED"))
                    .append(',').append(Money.major(day.grossMinor())).append(',').append(Money.major(day.netMinor()))
                    .append(',').append(Money.major(day.capturedMinor())).append(',').append(Money.major(day.manualMinor()))
                    .append(',').append(Money.major(day.refundedMinor())).append(',').append(Money.major(day.providerFeeMinor()))
                    .append(',').append(Money.major(day.platformFeeMinor())).append(',').append(day.newClients())
                    .append(',').append(day.quotationsSent()).append(',').append(day.quotationsAccepted())
                    .append(',').append(day.quotationsWithdrawn()).append('\n');
        });
        return csv.toString();
    }

    /** Sums of daily figures over some days. */
    private static final class Totals {
        long sessions;
        final Map<String, Long> byStatus = new TreeMap<>();
        long captured;
        long manual;
        long refunded;
        long returned;
        long providerFees;
        long platformFees;
        long newClients;
        long quotationsSent;
        long quotationsAccepted;
        long quotationsWithdrawn;
        long capturedSession;
        long quotationsSentAccepted;
        final Map<String, Long> revenueByKind = new TreeMap<>();

        static Totals of(Iterable<DailyFigures> days) {
            Totals totals = new Totals();
            for (DailyFigures day : days) {
                totals.sessions += day.totalSessions();
                day.sessionsByStatus().forEach((status, n) -> totals.byStatus.merge(status, n, Long::sum));
                totals.captured += day.capturedMinor();
                totals.manual += day.manualMinor();
                totals.refunded += day.refundedMinor();
                totals.returned += day.returnedMinor();
                totals.providerFees += day.providerFeeMinor();
                totals.platformFees += day.platformFeeMinor();
                totals.newClients += day.newClients();
                totals.quotationsSent += day.quotationsSent();
                totals.quotationsAccepted += day.quotationsAccepted();
                totals.quotationsWithdrawn += day.quotationsWithdrawn();
                totals.capturedSession += day.capturedSessionMinor();
                totals.quotationsSentAccepted += day.quotationsSentAccepted();
                day.revenueByKind().forEach((kind, minor) -> totals.revenueByKind.merge(kind, minor, Long::sum));
            }
            return totals;
        }

        long status(String status) {
            return byStatus.getOrDefault(status, 0L);
        }

        /** Captures of sessions plus manual payments: what the average session value divides. */
        long sessionMoney() {
            return capturedSession + manual;
        }

        long gross() {
            return captured + manual - refunded;
        }

        long net() {
            return gross() - providerFees - platformFees;
        }
    }
}
