package com.nakksha.notification.mail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * Renders a template's subject, plain text and HTML with Thymeleaf: HTML output escapes every
 * variable ({@code th:text}, {@code [[...]]}), the subject is flattened to one line.
 */
@Component
public class MailRenderer {

    private final TemplateEngine engine = new TemplateEngine();

    MailRenderer() {
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }

    /**
     * @param variables the stored model plus what the send-time check added
     * @param formats times and money for the recipient
     */
    public RenderedMail render(EmailTemplate template, String recipientName, Map<String, ?> variables, Formats formats,
                               List<SendTimeCheck.Attachment> attachments) {
        Map<String, Object> all = new HashMap<>(variables);
        all.put("recipientName", recipientName == null ? "" : recipientName);
        all.put("fmt", formats);
        Context context = new Context(java.util.Locale.ENGLISH, all);
        String base = template.fileName();
        String subject = HeaderText.clean(engine.process(base + ".subject.txt", context));
        String text = engine.process(base + ".txt", context);
        String html = engine.process(base + ".html", context);
        return new RenderedMail(subject, text, html, attachments);
    }
}
