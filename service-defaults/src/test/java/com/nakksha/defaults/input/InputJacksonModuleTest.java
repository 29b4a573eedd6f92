package com.nakksha.defaults.input;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputJacksonModuleTest {

    record Person(String name, @MultiLine String notes, Instant start, LocalDate day) {
    }

    record Booking(String title, Person person, List<String> tags, List<Person> guests) {
    }

    private final JsonMapper mapper = JsonMapper.builder().addModule(new InputJacksonModule()).build();

    @Test
    void acceptsOrdinaryTextAndLineBreaksInMultiLineFields() {
        Person person = mapper.readValue("""
                {"name":"Asha Rao","notes":"line one\\r\\nline two\\tend","start":"2026-05-01T09:30:00Z","day":"2026-05-01"}""", Person.class);

        assertThat(person.name()).isEqualTo("Asha Rao");
        assertThat(person.notes()).isEqualTo("line one\r\nline two\tend");
    }

    @Test
    void refusesNulInEveryTextFieldAndNamesThemAll() {
        assertThatThrownBy(() -> mapper.readValue("""
                {"name":"a\\u0000b","notes":"x\\u0000"}""", Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations()).containsExactly(
                        new Violation("name", InputRules.NUL), new Violation("notes", InputRules.NUL)));
    }

    /** Issue 14's fuzz test: a lone surrogate reached identity's password hash, which threw (500). */
    @Test
    void refusesHalfASurrogatePairButTakesWholeOnes() {
        assertThatThrownBy(() -> mapper.readValue("""
                {"name":"a\\ud800","notes":"\\udfffb"}""", Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations()).containsExactly(
                        new Violation("name", InputRules.UNPAIRED_SURROGATE), new Violation("notes", InputRules.UNPAIRED_SURROGATE)));
        assertThat(mapper.readValue("""
                {"name":"\\ud83d\\ude00 😀"}""", Person.class).name()).isEqualTo("😀 😀");
    }

    @Test
    void refusesLineBreaksInSingleLineFieldsOnly() {
        assertThatThrownBy(() -> mapper.readValue("""
                {"name":"Client\\r\\nBcc: someone@example.test","notes":"ok\\nok"}""", Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations()).containsExactly(
                        new Violation("name", InputRules.SINGLE_LINE)));
    }

    @Test
    void refusesOtherControlCharactersInMultiLineFields() {
        assertThatThrownBy(() -> mapper.readValue("""
                {"notes":"bell\\u0007"}""", Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations()).containsExactly(
                        new Violation("notes", InputRules.MULTI_LINE)));
    }

    @Test
    void namesNestedFieldsAndListElementsByPath() {
        assertThatThrownBy(() -> mapper.readValue("""
                {"title":"t\\n","person":{"name":"p\\u0000"},"tags":["ok","bad\\u0001"],
                 "guests":[{"name":"g"},{"name":"g\\r"}]}""", Booking.class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations())
                        .extracting(Violation::field)
                        .containsExactly("title", "person.name", "tags[1]", "guests[1].name"));
    }

    @Test
    void refusesDatesAndInstantsOutsideTheSupportedYears() {
        assertThatThrownBy(() -> mapper.readValue("""
                {"start":"+300000-01-01T00:00:00Z","day":"1899-12-31"}""", Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations()).containsExactly(
                        new Violation("start", InputRules.DATE_RANGE), new Violation("day", InputRules.DATE_RANGE)));
    }

    @Test
    void acceptsTheEdgesOfTheSupportedYears() {
        Person person = mapper.readValue("""
                {"start":"9999-12-31T23:59:59Z","day":"1900-01-01"}""", Person.class);

        assertThat(person.day()).isEqualTo(LocalDate.of(1900, 1, 1));
    }

    @Test
    void checksATopLevelListOfBodies() {
        assertThatThrownBy(() -> mapper.readValue("""
                [{"name":"ok"},{"name":"no\\u0000"}]""", Person[].class))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> assertThat(refused.violations()).containsExactly(
                        new Violation("[1].name", InputRules.NUL)));
    }
}
