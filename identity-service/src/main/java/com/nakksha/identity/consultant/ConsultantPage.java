package com.nakksha.identity.consultant;

import java.util.List;

/** One page of a consultant search and the number of consultants matching it in all. */
public record ConsultantPage(List<Consultant> items, long total) {
}
