package com.nakksha.quotation.consultant;

import reactor.core.publisher.Mono;

import java.util.UUID;

import org.springframework.stereotype.Service;

/** Consultants' public names, from the replica of {@code identity.consultant}. */
@Service
public class ConsultantDirectory {

    private final ConsultantProfileRepository profiles;

    ConsultantDirectory(ConsultantProfileRepository profiles) {
        this.profiles = profiles;
    }

    /** "First Last" as the consultant's profile shows it; empty when identity has not announced the consultant yet. */
    public Mono<String> publicName(UUID consultantId) {
        return profiles.publicName(consultantId);
    }
}
