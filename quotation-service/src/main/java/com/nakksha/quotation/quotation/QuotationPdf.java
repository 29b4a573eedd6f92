package com.nakksha.quotation.quotation;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * A quotation as a one-or-more-page A4 PDF (Apache PDFBox, standard Helvetica). Helvetica's encoding
 * has no rupee sign or Indic letters, so amounts read "INR 1,35,000.00" and characters it cannot draw
 * are shown as "?".
 */
@Component
class QuotationPdf {

    /** What the PDF shows: the quotation and its consultant's public name (null when not known yet). */
    record Content(Quotation quotation, String consultantName) {
    }

    private static final float MARGIN = 56;
    private static final float LEADING = 16;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    byte[] render(Content content) {
        Quotation quotation = content.quotation();
        QuotationDetails details = quotation.details();
        Pricing pricing = details.pricing();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(details.name(), true, 18));
        lines.add(new Line("Quotation no. " + quotation.id(), false, 9));
        lines.add(Line.blank());
        if (content.consultantName() != null) {
            lines.add(new Line("From: " + content.consultantName(), false, 11));
        }
        lines.add(new Line("For: " + details.clientName() + " <" + details.clientEmail() + ">", false, 11));
        lines.add(new Line("Status: " + quotation.status(), false, 11));
        if (details.expiresAt() != null) {
            lines.add(new Line("Valid until: " + DATE.format(details.expiresAt()), false, 11));
        }
        if (details.validityText() != null) {
            lines.add(new Line(details.validityText(), false, 11));
        }
        lines.add(Line.blank());
        if (details.description() != null) {
            for (String paragraph : details.description().split("\\R")) {
                lines.add(new Line(paragraph, false, 11));
            }
            lines.add(Line.blank());
        }
        lines.add(new Line("Base amount: " + money(pricing.baseAmountMinor(), details.currency()), false, 12));
        lines.add(new Line("Discount: " + pricing.discountPercentage().stripTrailingZeros().toPlainString() + "%", false, 12));
        lines.add(new Line("Total: " + money(pricing.finalAmountMinor(), details.currency()), true, 14));
        return draw(details.name(), lines);
    }

    private record Line(String text, boolean bold, float size) {
        static Line blank() {
            return new Line("", false, 11);
        }
    }

    private static byte[] draw(String title, List<Line> lines) {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(drawable(regular, title));
            info.setCreator("Nakksha");
            document.setDocumentInformation(info);
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            PDPageContentStream stream = null;
            float y = 0;
            try {
                for (Line line : lines) {
                    PDType1Font font = line.bold() ? bold : regular;
                    for (String wrapped : wrap(font, line.size(), drawable(font, line.text()), width)) {
                        if (stream == null || y < MARGIN) {
                            if (stream != null) {
                                stream.close();
                            }
                            PDPage page = new PDPage(PDRectangle.A4);
                            document.addPage(page);
                            stream = new PDPageContentStream(document, page);
                            y = PDRectangle.A4.getHeight() - MARGIN;
                        }
                        stream.beginText();
                        stream.setFont(font, line.size());
                        stream.newLineAtOffset(MARGIN, y);
                        stream.showText(wrapped);
                        stream.endText();
                        y -= Math.max(LEADING, line.size() + 6);
                    }
                }
            } finally {
                if (stream != null) {
                    stream.close();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException failed) {
            throw new UncheckedIOException("rendering the quotation PDF failed", failed);
        }
    }

    /** Greedy word wrap to {@code width} points; a word longer than a line is cut. */
    private static List<String> wrap(PDType1Font font, float size, String text, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (widthOf(font, size, candidate) <= width) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (!current.isEmpty()) {
                out.add(current.toString());
                current.setLength(0);
            }
            String rest = word;
            while (widthOf(font, size, rest) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && widthOf(font, size, rest.substring(0, cut)) > width) {
                    cut--;
                }
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        out.add(current.toString());
        return out;
    }

    private static float widthOf(PDType1Font font, float size, String text) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** The text with every character the font cannot encode replaced by "?", and no control characters. */
    private static String drawable(PDType1Font font, String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            String character = Character.isISOControl(codePoint) ? " " : new String(Character.toChars(codePoint));
            try {
                font.encode(character);
                out.append(character);
            } catch (IOException | IllegalArgumentException cannot) {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Indian digit grouping (lakh, crore), e.g. INR 1,35,000.00. */
    static String money(long minor, String currency) {
        String plain = BigDecimal.valueOf(minor, 2).toPlainString();
        String whole = plain.substring(0, plain.length() - 3);
        StringBuilder grouped = new StringBuilder();
        int head = whole.length() > 3 ? whole.length() - 3 : 0;
        String rest = whole.substring(0, head);
        for (int i = 0; i < rest.length(); i++) {
            if (i > 0 && (rest.length() - i) % 2 == 0) {
                grouped.append(',');
            }
            grouped.append(rest.charAt(i));
        }
        if (!rest.isEmpty()) {
            grouped.append(',');
        }
        grouped.append(whole.substring(head));
        return currency + " " + grouped + plain.substring(plain.length() - 3);
    }
}
