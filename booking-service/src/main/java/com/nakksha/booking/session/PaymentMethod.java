package com.nakksha.booking.session;

public enum PaymentMethod {
    CASH,
    UPI,
    BANK_TRANSFER,
    RAZORPAY
}
