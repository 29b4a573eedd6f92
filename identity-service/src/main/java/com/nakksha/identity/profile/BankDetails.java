package com.nakksha.identity.profile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

import com.nakksha.identity.consultant.InvalidProfileValue;

/**
 * Where a consultant is paid. Only ever stored encrypted ({@link #toBytes()} is the plaintext fed
 * to the cipher) and only ever shown {@link #masked()}.
 */
public record BankDetails(String bankName, String accountNumber, Ifsc ifsc) {

    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{9,18}");
    private static final int FORMAT_VERSION = 1;
    private static final int VISIBLE_DIGITS = 4;

    public BankDetails {
        if (bankName == null || bankName.isBlank() || bankName.length() > 100 || bankName.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidBankDetails("bankName", "must be 1 to 100 printable characters");
        }
        if (accountNumber == null || !ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
            throw new InvalidBankDetails("accountNumber", "must be 9 to 18 digits");
        }
        if (ifsc == null) {
            throw new InvalidBankDetails("ifsc", "must not be empty");
        }
        bankName = bankName.strip();
    }

    public Masked masked() {
        String lastDigits = accountNumber.substring(accountNumber.length() - VISIBLE_DIGITS);
        return new Masked(bankName, "*".repeat(accountNumber.length() - VISIBLE_DIGITS) + lastDigits, ifsc.value());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(bankName);
            out.writeUTF(accountNumber);
            out.writeUTF(ifsc.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static BankDetails fromBytes(byte[] plaintext) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("unknown bank details format " + version);
            }
            return new BankDetails(in.readUTF(), in.readUTF(), new Ifsc(in.readUTF()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "BankDetails" + masked();
    }

    /** What may be shown: the bank, the branch code and the last digits of the account. */
    public record Masked(String bankName, String accountNumberMasked, String ifsc) {
    }

    public static final class InvalidBankDetails extends InvalidProfileValue {
        private final String field;

        public InvalidBankDetails(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
