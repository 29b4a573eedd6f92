package com.nakksha.booking.client;

/**
 * What a client's sessions add up to, as the session feature counts them.
 *
 * @param sessions sessions that count (booked and not cancelled or abandoned)
 * @param paidMinor what the paid ones cost, in minor units of the client's currency
 */
public record ClientTotals(int sessions, long paidMinor) {
}
