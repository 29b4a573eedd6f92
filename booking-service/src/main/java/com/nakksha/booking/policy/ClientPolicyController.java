package com.nakksha.booking.policy;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The consultant's own client policy (always the caller's: there is no id to ask for another's). */
@RestController
@RequestMapping("/api/v1/booking-policy")
class ClientPolicyController {

    /** The policy as the dashboard reads and writes it; minutes, percent 0 to 100. */
    record PolicyBody(
            @NotNull @Min(0) @Max(525_600) Integer minimumNoticeMinutes,
            @NotNull @Min(0) @Max(100) Integer maximumReschedules,
            @NotNull ClientPolicy.Refund refund,
            @Min(0) @Max(100) Integer refundPercent,
            @Min(0) @Max(525_600) Integer refundDeadlineMinutes) {

        static PolicyBody of(ClientPolicy policy) {
            return new PolicyBody(policy.minimumNoticeMinutes(), policy.maximumReschedules(), policy.refund(),
                    policy.refundPercent(), policy.refundDeadlineMinutes());
        }

        ClientPolicy toPolicy() {
            FieldErrors errors = new FieldErrors();
            boolean percentage = refund == ClientPolicy.Refund.PERCENTAGE;
            if (percentage && refundPercent == null) {
                errors.reject("refundPercent", "is required when refund is PERCENTAGE");
            }
            if (percentage && refundDeadlineMinutes == null) {
                errors.reject("refundDeadlineMinutes", "is required when refund is PERCENTAGE");
            }
            if (!percentage && refundPercent != null) {
                errors.reject("refundPercent", "is only for refund PERCENTAGE");
            }
            if (!percentage && refundDeadlineMinutes != null) {
                errors.reject("refundDeadlineMinutes", "is only for refund PERCENTAGE");
            }
            errors.throwIfAny();
            return new ClientPolicy(minimumNoticeMinutes, maximumReschedules, refund, refundPercent,
                    refundDeadlineMinutes);
        }
    }

    private final ClientPolicyService policies;

    ClientPolicyController(ClientPolicyService policies) {
        this.policies = policies;
    }

    @GetMapping
    Mono<PolicyBody> get(Caller caller) {
        return policies.of(caller.consultantId()).map(PolicyBody::of);
    }

    @PutMapping
    Mono<PolicyBody> replace(Caller caller, @Valid @RequestBody PolicyBody body) {
        return Mono.fromSupplier(body::toPolicy)
                .flatMap(policy -> policies.replace(caller.consultantId(), policy))
                .map(PolicyBody::of);
    }
}
