package com.nakksha.local.faults;

import java.util.List;

import com.nakksha.local.journeys.PlatformClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedMailsTest {

    @Test
    void aMessageIdReceivedTwiceIsOneMailSentAgainNotAMailOwedTwice() {
        ReceivedMails mails = ReceivedMails.of(PlatformClient.JSON.readTree("""
                [{"uid": 1, "messageId": "<a@nakksha.local>", "subject": "Receipt: ₹1,500.00 for Career call"},
                 {"uid": 2, "messageId": "<b@nakksha.local>", "subject": "Confirmed: Career call with Asha Rao"},
                 {"uid": 3, "messageId": "<a@nakksha.local>", "subject": "Receipt: ₹1,500.00 for Career call"}]"""));

        assertThat(mails.count()).isEqualTo(3);
        assertThat(mails.owedMoreThanOnce()).isEmpty();
        assertThat(mails.redeliveries()).isEqualTo(1);
        assertThat(mails.redelivered()).containsExactly("2 copies of <a@nakksha.local> \"Receipt: ₹1,500.00 for Career call\"");
    }

    @Test
    void twoMessageIdsUnderOneSubjectAreAMailOwedTwice() {
        ReceivedMails mails = ReceivedMails.of(PlatformClient.JSON.readTree("""
                [{"uid": 1, "messageId": "<a@nakksha.local>", "subject": "Receipt: ₹1,500.00 for Career call"},
                 {"uid": 2, "messageId": "<c@nakksha.local>", "subject": "Receipt: ₹1,500.00 for Career call"},
                 {"uid": 3, "subject": "Receipt: ₹1,500.00 for Career call"}]"""));

        assertThat(mails.owedMoreThanOnce()).containsExactly(java.util.Map.entry("Receipt: ₹1,500.00 for Career call",
                List.of("<a@nakksha.local>", "<c@nakksha.local>", "uid 3")));
        assertThat(mails.redeliveries()).isZero();
    }

    /** GreenMail's JSON carries the raw message; its Message-ID header is what notification-service set. */
    @Test
    void theMessageIdIsReadFromTheRawMessageHeaders() {
        String first = "Date: Mon, 30 Nov 2026 21:30:00 +0000\r\nMessage-ID: <0b7f3c1e@nakksha.local>\r\nSubject: Receipt\r\n\r\n"
                + "Message-ID: <not-a-header@example.test> in the body\r\n";
        String again = "Message-Id: <0b7f3c1e@nakksha.local>\r\nSubject: Receipt\r\n\r\nbody\r\n";
        ReceivedMails mails = ReceivedMails.of(PlatformClient.JSON.createArrayNode()
                .add(PlatformClient.JSON.createObjectNode().put("uid", 1).put("subject", "Receipt").put("messageId", "").put("mimeMessage", first))
                .add(PlatformClient.JSON.createObjectNode().put("uid", 2).put("subject", "Receipt").put("mimeMessage", again)));

        assertThat(mails.owedMoreThanOnce()).isEmpty();
        assertThat(mails.redelivered()).containsExactly("2 copies of <0b7f3c1e@nakksha.local> \"Receipt\"");
    }
}
