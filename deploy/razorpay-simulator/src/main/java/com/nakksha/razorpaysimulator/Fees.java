package com.nakksha.razorpaysimulator;

/**
 * Razorpay's charge on a captured payment, as its payloads show it: {@code fee} includes the GST, and
 * {@code tax} is that GST (the sample payment of 150000 paise has fee 3540 = 3000 + tax 540 at 2 % and
 * 18 %). Rounded half up to whole paise, the fee before tax and the tax each on their own.
 *
 * @param feeBasisPoints fee before tax in 1/100 % of the amount
 * @param gstBasisPoints GST in 1/100 % of the fee
 */
public record Fees(int feeBasisPoints, int gstBasisPoints) {

    /** @param feeIncludingTax Razorpay's {@code fee} (paise) @param tax Razorpay's {@code tax} (paise) */
    public record Charged(long feeIncludingTax, long tax) {
    }

    /** @param amountPaise the captured amount */
    public Charged on(long amountPaise) {
        long fee = roundedShare(amountPaise, feeBasisPoints);
        long tax = roundedShare(fee, gstBasisPoints);
        return new Charged(fee + tax, tax);
    }

    private static long roundedShare(long paise, int basisPoints) {
        return Math.floorDiv(paise * basisPoints + 5_000, 10_000);
    }
}
