package com.nakksha.booking.availability;

import com.nakksha.defaults.security.Caller;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/availability")
class AvailabilityController {

    private final AvailabilityService availability;

    AvailabilityController(AvailabilityService availability) {
        this.availability = availability;
    }

    @GetMapping
    Mono<AvailabilityDocument> mine(Caller caller) {
        return availability.of(caller.consultantId()).map(AvailabilityDocument::of);
    }

    @PutMapping
    Mono<AvailabilityDocument> replace(Caller caller, @RequestBody AvailabilityDocument document) {
        return availability.replace(caller.consultantId(), document).map(AvailabilityDocument::of);
    }
}
