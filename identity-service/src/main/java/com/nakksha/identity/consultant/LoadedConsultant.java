package com.nakksha.identity.consultant;

/** A consultant with the row version it was read at, for the optimistic update. */
public record LoadedConsultant(Consultant consultant, long rowVersion) {
}
