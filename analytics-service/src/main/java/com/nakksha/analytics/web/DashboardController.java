package com.nakksha.analytics.web;

import com.nakksha.analytics.figures.Dashboard;
import com.nakksha.analytics.figures.FiguresService;
import com.nakksha.defaults.security.Caller;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The approved consultant's own dashboard; the consultant id comes from the token only. */
@RestController
@RequestMapping("/api/v1/analytics/dashboard")
class DashboardController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final FiguresService figures;

    DashboardController(FiguresService figures) {
        this.figures = figures;
    }

    /** Seed 000's DashboardMetrics and ChartData; {@code timeframe} defaults to {@code month}; from/to ISO dates with custom. */
    @GetMapping
    Mono<Dashboard> dashboard(Caller caller,
                              @RequestParam(required = false) String timeframe,
                              @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to) {
        return figures.dashboard(caller.consultantId(), timeframe, from, to);
    }

    /** The period's daily series, one CSV line per day. */
    @GetMapping("/daily.csv")
    Mono<ResponseEntity<String>> dailyCsv(Caller caller,
                                          @RequestParam(required = false) String timeframe,
                                          @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String to) {
        return figures.dailyCsv(caller.consultantId(), timeframe, from, to)
                .map(csv -> ResponseEntity.ok()
                        .contentType(CSV)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"daily.csv\"")
                        .body(csv));
    }
}
