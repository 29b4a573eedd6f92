package com.nakksha.payment.dashboard;

import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import com.nakksha.payment.dashboard.PaymentViews.LedgerEntry;
import com.nakksha.payment.dashboard.PaymentViews.LedgerSummary;
import com.nakksha.payment.dashboard.PaymentViews.PaymentDetail;
import com.nakksha.payment.dashboard.PaymentViews.PaymentList;
import com.nakksha.payment.dashboard.PaymentViews.ReconciliationList;
import com.nakksha.payment.dashboard.PaymentViews.RefundAccepted;
import com.nakksha.payment.dashboard.PaymentViews.WebhookDelivery;
import com.nakksha.payment.payable.PayableService;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The consultant's and the admin's view of payments, and refunds a consultant asks for. Reads are
 * scoped by the consultant id (another consultant's payment is not found); a refund goes through
 * {@link PayableService} (the payable's row locked, its rules) and Razorpay's refund call with the
 * refund's own {@code X-Refund-Idempotency} key.
 */
@Service
class PaymentDashboardService {

    /** Idempotency-Keys of refund requests are unique per consultant. */
    private static final String REFUND_SCOPE = "payment-refund:";

    /** What a refund request answers (stored with its Idempotency-Key): HTTP status and JSON body. */
    record Answer(int status, String body) {
    }

    private final DashboardRepository repository;
    private final PayableService payables;
    private final IdempotencyKeys keys;
    private final TransactionalOperator transactions;
    private final JsonMapper json;

    PaymentDashboardService(DashboardRepository repository, PayableService payables, IdempotencyKeys keys,
                            TransactionalOperator transactions, JsonMapper json) {
        this.repository = repository;
        this.payables = payables;
        this.keys = keys;
        this.transactions = transactions;
        this.json = json;
    }

    Mono<PaymentList> list(PaymentFilter filter, PageRequest page) {
        return Mono.zip(repository.payments(filter, page).collectList(), repository.paymentTotals(filter).collectList())
                .map(both -> {
                    long total = both.getT2().stream().mapToLong(PaymentViews.Totals::count).sum();
                    Page<PaymentViews.Payment> items = Page.of(both.getT1(), page, total);
                    return new PaymentList(items.items(), items.page(), items.size(), items.totalItems(), items.totalPages(),
                            both.getT2());
                });
    }

    /**
     * One payment with its payable's attempts, refunds and webhook history.
     *
     * @param consultantId the tenant, or null for an admin
     * @throws NotFoundProblem when there is no such payment for this consultant
     */
    Mono<PaymentDetail> detail(UUID consultantId, UUID paymentId) {
        return repository.payment(consultantId, paymentId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Payment " + paymentId)))
                .flatMap(payment -> Mono.zip(repository.payable(payment.payableId()),
                                repository.attemptsOf(payment.payableId()).collectList(),
                                repository.refundsOf(payment.payableId()).collectList(),
                                repository.webhooksOf(payment.payableId()).collectList())
                        .map(parts -> new PaymentDetail(payment, parts.getT1(), parts.getT2(), parts.getT3(), parts.getT4())));
    }

    /**
     * Refunds {@code amount} (major units; null for everything not refunded yet) of the consultant's
     * payment. The Idempotency-Key is claimed in the transaction that reserves the refund: the same key
     * and body answer what the first request answered, a changed body is 422. After the commit the refund
     * is sent to Razorpay; if Razorpay cannot be reached it stays REQUESTED and is sent again later.
     *
     * @throws NotFoundProblem when the payment is not this consultant's
     * @throws com.nakksha.defaults.problem.InvalidInputException on {@code amount} (not a positive amount
     *         with at most the currency's decimals) or the Idempotency-Key header
     * @throws com.nakksha.payment.payable.RefundRefusedException (409) when the amount exceeds what is left
     */
    Mono<Answer> refund(UUID consultantId, UUID paymentId, String idempotencyKey, String amount, String reason) {
        return repository.payment(consultantId, paymentId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Payment " + paymentId)))
                .flatMap(payment -> {
                    Long amountMinor = amount == null ? null : RefundInput.amount(amount, payment.currency());
                    Map<String, Object> request = new LinkedHashMap<>();
                    request.put("paymentId", paymentId.toString());
                    request.put("amountMinor", amountMinor);
                    request.put("reason", reason);
                    String scope = REFUND_SCOPE + consultantId;
                    Mono<Decided> decided = keys.claim(scope, idempotencyKey, IdempotencyKeys.hash(json.writeValueAsString(request)))
                            .map(stored -> new Decided(new Answer(stored.status(), stored.body()), null))
                            .switchIfEmpty(Mono.defer(() -> payables.requestRefund(consultantId, payment.payableId(),
                                            payment.razorpayPaymentId(), amountMinor, reason)
                                    .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Payment " + paymentId)))
                                    .flatMap(refund -> Mono.zip(repository.refund(refund.id()), repository.payable(payment.payableId())))
                                    .flatMap(both -> {
                                        RefundAccepted accepted = new RefundAccepted(both.getT1(), both.getT2().refundableMinor(),
                                                both.getT2().refundable());
                                        Answer answer = new Answer(202, json.writeValueAsString(accepted));
                                        return keys.complete(scope, idempotencyKey, answer.status(), answer.body())
                                                .thenReturn(new Decided(answer, both.getT1().id()));
                                    })));
                    return transactions.transactional(decided)
                            .flatMap(done -> done.newRefund() == null ? Mono.just(done.answer())
                                    : payables.sendRefund(done.newRefund()).thenReturn(done.answer()));
                });
    }

    private record Decided(Answer answer, UUID newRefund) {
    }

    Mono<LedgerSummary> ledger(UUID consultantId, Instant from, Instant to) {
        return repository.ledgerTotals(DashboardRepository.ledgerFilter(consultantId, from, to)).collectList()
                .map(totals -> new LedgerSummary(consultantId, from, to, totals));
    }

    Mono<Page<LedgerEntry>> ledgerEntries(UUID consultantId, Instant from, Instant to, PageRequest page) {
        SqlFilter where = DashboardRepository.ledgerFilter(consultantId, from, to);
        return Mono.zip(repository.ledgerEntries(where, page).collectList(), repository.countLedgerEntries(where))
                .map(both -> Page.of(both.getT1(), page, both.getT2()));
    }

    Mono<Page<WebhookDelivery>> webhooks(Collection<? extends Enum<?>> states, String eventType, Instant from, Instant to,
                                         PageRequest page) {
        SqlFilter where = DashboardRepository.webhookFilter(states, eventType, from, to);
        return Mono.zip(repository.webhooks(where, page).collectList(), repository.countWebhooks(where))
                .map(both -> Page.of(both.getT1(), page, both.getT2()));
    }

    Mono<ReconciliationList> reconciliations(Instant from, Instant to, PageRequest page) {
        SqlFilter where = DashboardRepository.runFilter(from, to);
        return Mono.zip(repository.runs(where, page).collectList(), repository.runTotals(where))
                .map(both -> {
                    Page<PaymentViews.ReconciliationRun> items = Page.of(both.getT1(), page, both.getT2().runs());
                    return new ReconciliationList(items.items(), items.page(), items.size(), items.totalItems(),
                            items.totalPages(), both.getT2());
                });
    }
}
