package com.nakksha.notification.mail;

import jakarta.mail.util.StreamProvider;

import org.springframework.util.ClassUtils;

/**
 * Names Angus Mail's {@link StreamProvider} in the system property that jakarta.mail-api 2.1 reads before anything
 * else, so that the API instantiates it directly: without it, every {@code MimeMessage}, {@code MimeMultipart} and
 * many {@code MimeUtility} calls look it up with a {@link java.util.ServiceLoader} scan of the class path's jars
 * (jakartaee/mail-api#699 and #861, open in 2.1.5), which took 16 % of notification-service's CPU under booking load.
 * In {@code MailBenchmark} (1,000 bookings): 27.9 and 29.9 ms of CPU per mail without, 20.4 ms with the property given
 * on the command line and 23.6 ms with this class. An operator's own setting is kept.
 */
final class JakartaMailStreamProvider {

    /** Angus Mail's, the implementation Spring Boot's mail starter brings (at run time only). */
    private static final String ANGUS_MAIL = "org.eclipse.angus.mail.util.MailStreamProvider";

    private JakartaMailStreamProvider() {
    }

    /** Sets {@code jakarta.mail.util.StreamProvider} unless it is set or Angus Mail is absent; idempotent. */
    static void nameAngusMail() {
        if (System.getProperty(StreamProvider.class.getName()) == null
                && ClassUtils.isPresent(ANGUS_MAIL, JakartaMailStreamProvider.class.getClassLoader())) {
            System.setProperty(StreamProvider.class.getName(), ANGUS_MAIL);
        }
    }
}
