package com.nakksha.testsupport.fuzz;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedDerivationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BODY = "{\"a\":\"x\",\"b\":[1,2],\"c\":{\"d\":true}}";
    private static final AcceptedRequest ACCEPTED = AcceptedRequest.json("POST", "/things?from=2026-01-01&q=x", null, BODY)
            .withHeader("Idempotency-Key", "first-key").withHeader("X-Forwarded-For", "10.0.0.1");

    private final List<AcceptedDerivations.Change> changes = AcceptedDerivations.of(ACCEPTED, new HostileValues(new Random(7)));

    @Test
    void everyFieldAndElementIsNulledRemovedAndGivenFourHostileValuesAndEveryQueryParameterFour() {
        // Places /a, /b, /b/0, /b/1, /c, /c/d: six changes each; two query parameters: four each.
        assertThat(changes).hasSize(6 * 6 + 2 * 4);
        assertThat(changes).filteredOn(change -> change.description().equals("/b/1 removed")).hasSize(1);
        assertThat(changes).filteredOn(change -> change.description().startsWith("/c/d = ")).hasSize(4);
    }

    @Test
    void aBodyChangeChangesOnePlaceAndLeavesTheRestAsAccepted() {
        JsonNode original = JSON.readTree(BODY);
        for (AcceptedDerivations.Change change : changes) {
            if (!change.description().startsWith("/")) {
                continue;
            }
            ApiFuzzer.FuzzRequest request = change.apply().apply(ACCEPTED);
            String place = change.description().split(" ")[0];
            assertThat(request.pathAndQuery()).isEqualTo(ACCEPTED.pathAndQuery());
            if (change.description().endsWith(" removed")) {
                assertThat(JSON.readTree(request.body())).as(change.description()).isEqualTo(without(original, place));
            } else {
                String raw = change.description().endsWith(" null") ? "null" : change.description().substring(place.length() + 3);
                assertThat(request.body()).as(change.description()).contains(raw);
                // The raw value stands exactly where the accepted value stood: put null there, and the rest is the original.
                String nulled = request.body().replace(raw, "null");
                assertThat(JSON.readTree(nulled)).as(change.description()).isEqualTo(nulledAt(original, place));
            }
        }
    }

    @Test
    void aQueryChangeChangesOneParameterAndLeavesTheBodyAsAccepted() {
        List<ApiFuzzer.FuzzRequest> queryChanges = changes.stream().filter(change -> change.description().startsWith("?"))
                .map(change -> change.apply().apply(ACCEPTED)).toList();
        assertThat(queryChanges).hasSize(8);
        assertThat(queryChanges.subList(0, 4)).allSatisfy(request -> {
            assertThat(request.pathAndQuery()).startsWith("/things?from=").endsWith("&q=x").isNotEqualTo(ACCEPTED.pathAndQuery());
            assertThat(request.body()).isEqualTo(BODY);
        });
        assertThat(queryChanges.subList(4, 8)).allSatisfy(request ->
                assertThat(request.pathAndQuery()).startsWith("/things?from=2026-01-01&q=").isNotEqualTo(ACCEPTED.pathAndQuery()));
    }

    @Test
    void eachChangedRequestHasItsOwnIdempotencyKeyAndAddressAndASignatureOfTheBytesItSends() {
        AcceptedRequest signed = ACCEPTED.signedBy(body -> Map.of("X-Signature", Integer.toHexString(body.hashCode())));
        List<ApiFuzzer.FuzzRequest> requests = AcceptedDerivations.of(signed, new HostileValues(new Random(7))).stream()
                .map(change -> change.apply().apply(signed)).toList();

        assertThat(requests).allSatisfy(request -> {
            assertThat(request.headers().get("Idempotency-Key")).isNotEqualTo("first-key");
            assertThat(request.headers().get("X-Signature")).isEqualTo(Integer.toHexString(request.body().hashCode()));
        });
        assertThat(requests.stream().map(request -> request.headers().get("Idempotency-Key")).distinct()).hasSize(requests.size());
        assertThat(requests.stream().map(request -> request.headers().get("X-Forwarded-For")).distinct().count())
                .isGreaterThan(requests.size() / 2L);
    }

    @Test
    void aChangeIsMadeOnTheFreshAcceptedRequestItIsGiven() {
        AcceptedRequest fresh = AcceptedRequest.json("POST", "/things?from=2027-05-05&q=y", null,
                "{\"a\":\"another\",\"b\":[3,4],\"c\":{\"d\":false}}");
        AcceptedDerivations.Change removeA = changes.stream().filter(change -> change.description().equals("/a removed")).findFirst().orElseThrow();

        assertThat(JSON.readTree(removeA.apply().apply(fresh).body()))
                .isEqualTo(JSON.readTree("{\"b\":[3,4],\"c\":{\"d\":false}}"));
    }

    @Test
    void aLargeBodyIsChangedInItsFirstFortyPlaces() {
        String items = IntStream.range(0, 100).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElseThrow();
        AcceptedRequest large = AcceptedRequest.json("POST", "/things", null, "{\"items\":[" + items + "]}");

        assertThat(AcceptedDerivations.of(large, new HostileValues(new Random(7))))
                .hasSize(AcceptedDerivations.MAX_PLACES * (2 + AcceptedDerivations.HOSTILE_PER_PLACE));
    }

    private static JsonNode without(JsonNode original, String place) {
        JsonNode copy = original.deepCopy();
        String[] steps = place.substring(1).split("/");
        JsonNode parent = parentOf(copy, steps);
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        } else {
            ((ObjectNode) parent).remove(last);
        }
        return copy;
    }

    private static JsonNode nulledAt(JsonNode original, String place) {
        JsonNode copy = original.deepCopy();
        String[] steps = place.substring(1).split("/");
        JsonNode parent = parentOf(copy, steps);
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), array.nullNode());
        } else {
            ((ObjectNode) parent).putNull(last);
        }
        return copy;
    }

    private static JsonNode parentOf(JsonNode tree, String[] steps) {
        JsonNode node = tree;
        for (int i = 0; i < steps.length - 1; i++) {
            node = node.isArray() ? node.get(Integer.parseInt(steps[i])) : node.get(steps[i]);
        }
        return node;
    }
}
