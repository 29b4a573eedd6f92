package com.nakksha.payment.razorpay;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * THE ONE PLACE where razorpay-java is pointed somewhere else and given per-call settings.
 * <p>
 * razorpay-java 1.4.10 has its host as a {@code static final} constant, shares one static OkHttp client
 * (the private {@code ApiUtils.client}) across all its clients, and its {@code addHeaders} headers are
 * global. Its own tests replace {@code ApiUtils.client}; so does this class, once per JVM, with a client
 * whose interceptor applies what the calling thread put in {@link #CALL}: the base URL (Razorpay or a
 * simulator such as WireMock), the timeouts, and the {@code X-Refund-Idempotency} key of this one call.
 * It also records the HTTP status, which the SDK's {@code RazorpayException} does not carry, so that
 * 5xx can be told from 4xx. SDK calls block, so the thread is the call.
 */
final class RazorpaySdkHttpClient {

    static final String RAZORPAY_API = "https://api.razorpay.com";

    /** Settings and outcome of the SDK call running on this thread. */
    static final class CallContext {
        final HttpUrl baseUrl;
        final Duration connectTimeout;
        final Duration readTimeout;
        final String idempotencyKey;
        int status = -1;

        CallContext(HttpUrl baseUrl, Duration connectTimeout, Duration readTimeout, String idempotencyKey) {
            this.baseUrl = baseUrl;
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
            this.idempotencyKey = idempotencyKey;
        }
    }

    static final ThreadLocal<CallContext> CALL = new ThreadLocal<>();

    private static volatile boolean installed;

    private RazorpaySdkHttpClient() {
    }

    /** Replaces the SDK's static HTTP client with {@link #routing()}; later calls do nothing. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            // ApiUtils is package-private in the SDK.
            Field client = Class.forName("com.razorpay.ApiUtils").getDeclaredField("client");
            client.setAccessible(true);
            client.set(null, new OkHttpClient.Builder().addInterceptor(RazorpaySdkHttpClient::routing).build());
            installed = true;
        } catch (ReflectiveOperationException | RuntimeException incompatible) {
            throw new IllegalStateException("razorpay-java's ApiUtils.client cannot be replaced; check the SDK version", incompatible);
        }
    }

    static HttpUrl baseUrl(String configured) {
        HttpUrl url = HttpUrl.parse(configured);
        if (url == null) {
            throw new IllegalArgumentException("nakksha.payment.razorpay.base-url is not an http(s) URL");
        }
        return url;
    }

    private static Response routing(Interceptor.Chain chain) throws IOException {
        CallContext call = CALL.get();
        if (call == null) {
            return chain.proceed(chain.request());
        }
        Request original = chain.request();
        HttpUrl target = original.url().newBuilder()
                .scheme(call.baseUrl.scheme())
                .host(call.baseUrl.host())
                .port(call.baseUrl.port())
                .build();
        Request.Builder request = original.newBuilder().url(target);
        if (call.idempotencyKey != null) {
            request.header("X-Refund-Idempotency", call.idempotencyKey);
        }
        Response response = chain
                .withConnectTimeout((int) call.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .withReadTimeout((int) call.readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .withWriteTimeout((int) call.readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .proceed(request.build());
        call.status = response.code();
        return response;
    }
}
