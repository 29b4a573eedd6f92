package com.nakksha.quotation.quotation;

import java.math.BigDecimal;
import java.util.List;

/** Count and final amounts per status (and currency) for a list's filter; amounts in major units. */
public record QuotationTotals(List<Line> byStatus, long quotations) {

    public record Line(QuotationStatus status, String currency, long quotations, BigDecimal finalAmount) {
    }
}
