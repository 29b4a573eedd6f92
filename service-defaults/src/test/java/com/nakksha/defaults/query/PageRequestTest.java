package com.nakksha.defaults.query;

import java.util.List;
import java.util.Set;

import com.nakksha.defaults.problem.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PageRequestTest {

    private static final Set<String> SORTABLE = Set.of("createdAt", "name");

    @Test
    void missingParametersMeanTheFirstPageOfTheDefaultSizeInTheDefaultOrder() {
        PageRequest request = PageRequest.of(null, null, null, SORTABLE, "createdAt,desc", 100);

        assertThat(request).isEqualTo(new PageRequest(0, 20, new Sort("createdAt", Sort.Direction.DESC)));
        assertThat(request.offset()).isZero();
    }

    @Test
    void theSortNamesAnApiFieldAndADirectionThatDefaultsToAscending() {
        assertThat(PageRequest.of(2, 10, " name ", SORTABLE, "createdAt,desc", 100))
                .extracting(PageRequest::sort, PageRequest::offset)
                .containsExactly(new Sort("name", Sort.Direction.ASC), 20L);
        assertThat(PageRequest.of(0, 10, "name,DESC", SORTABLE, "createdAt", 100).sort().direction())
                .isEqualTo(Sort.Direction.DESC);
    }

    @Test
    void aFieldOutsideTheWhitelistIsRefusedNamingTheAllowedOnes() {
        for (String sort : new String[] {"email", "name; DROP TABLE client", "name,sideways", "name,asc,extra"}) {
            assertThatThrownBy(() -> PageRequest.of(0, 10, sort, SORTABLE, "createdAt", 100))
                    .isInstanceOfSatisfying(InvalidInputException.class, invalid -> assertThat(invalid.violations())
                            .extracting(InvalidInputException.Violation::field, InvalidInputException.Violation::message)
                            .containsExactly(tuple("sort", "must be one of createdAt, name, optionally followed by ,asc or ,desc")));
        }
    }

    @Test
    void pageAndSizeOutsideTheirBoundsAreRefusedByName() {
        assertThatThrownBy(() -> PageRequest.of(-1, 10, null, SORTABLE, "name", 100))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        invalid -> assertThat(invalid.violations().getFirst().field()).isEqualTo("page"));
        assertThatThrownBy(() -> PageRequest.of(0, 101, null, SORTABLE, "name", 100))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        invalid -> assertThat(invalid.violations().getFirst().message()).isEqualTo("must be between 1 and 100"));
        assertThatThrownBy(() -> PageRequest.of(0, 0, null, SORTABLE, "name", 100))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aPageCountsThePagesItTakesToShowEveryItem() {
        PageRequest request = PageRequest.of(1, 10, null, SORTABLE, "name", 100);

        assertThat(Page.of(List.of("k"), request, 21).totalPages()).isEqualTo(3);
        assertThat(Page.of(List.of(), request, 0).totalPages()).isZero();
        assertThat(Page.of(List.of(1, 2), request, 20).map(String::valueOf))
                .isEqualTo(new Page<>(List.of("1", "2"), 1, 10, 20, 2));
    }
}
