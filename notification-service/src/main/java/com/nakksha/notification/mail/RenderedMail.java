package com.nakksha.notification.mail;

import java.util.List;

/** A mail ready for a transport: subject without line breaks, both bodies, attachments. */
public record RenderedMail(String subject, String text, String html, List<SendTimeCheck.Attachment> attachments) {
}
