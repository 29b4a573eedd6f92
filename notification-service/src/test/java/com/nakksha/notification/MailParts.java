package com.nakksha.notification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The parts of a received MIME message, found by type, as a mail client would show them. */
public final class MailParts {

    private MailParts() {
    }

    public static String text(Part message) {
        return first(message, "text/plain");
    }

    public static String html(Part message) {
        return first(message, "text/html");
    }

    public static List<Part> all(Part part) {
        List<Part> parts = new ArrayList<>();
        collect(part, parts);
        return parts;
    }

    private static String first(Part message, String type) {
        try {
            for (Part part : all(message)) {
                if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                    return (String) part.getContent();
                }
            }
            throw new AssertionError("no " + type + " part");
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Part part, List<Part> into) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, into);
                }
            } else {
                into.add(part);
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
