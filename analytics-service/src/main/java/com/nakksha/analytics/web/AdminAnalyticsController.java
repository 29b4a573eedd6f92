package com.nakksha.analytics.web;

import java.util.List;

import com.nakksha.analytics.figures.FiguresService;
import com.nakksha.analytics.figures.PlatformFigures;
import com.nakksha.analytics.projection.Generation;
import com.nakksha.analytics.rebuild.RebuildService;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Platform figures and the rebuild command; admin tokens only (service-defaults' admin paths). */
@RestController
@RequestMapping("/api/v1/admin/analytics")
class AdminAnalyticsController {

    private final FiguresService figures;
    private final RebuildService rebuilds;

    AdminAnalyticsController(FiguresService figures, RebuildService rebuilds) {
        this.figures = figures;
        this.rebuilds = rebuilds;
    }

    /** {@code zone} is an IANA id; the days of the period are the zone's calendar days. */
    @GetMapping
    Mono<PlatformFigures> platform(@RequestParam(required = false) String timeframe,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String zone) {
        return figures.platform(timeframe, from, to, zone);
    }

    /** Starts a rebuild of the projection from the topics' beginning; 409 while one runs. */
    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Generation> rebuild() {
        return rebuilds.start();
    }

    /** Every generation of the projection: the serving one, one being built, those retired or failed. */
    @GetMapping("/rebuild")
    Mono<List<Generation>> generations() {
        return rebuilds.generations();
    }
}
