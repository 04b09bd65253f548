package org.provhooks.core.sink;

/**
 * Where deliveries stand after waiting: sent to the server, still pending in the outbox, failed for good.
 *
 * @param sent    confirmed by the server during this session
 * @param pending still in the outbox's {@code pending/} directory (kept, sent later)
 * @param failed  moved to {@code failed/} (the server refused them)
 * @param note    one line for the user, or null when there is nothing to say
 */
public record DeliveryReport(int sent, int pending, int failed, String note) {
    public static final DeliveryReport NOTHING = new DeliveryReport(0, 0, 0, null);

    public DeliveryReport plus(DeliveryReport o) {
        String n = note == null ? o.note : o.note == null ? note : note + "; " + o.note;
        return new DeliveryReport(sent + o.sent, pending + o.pending, failed + o.failed, n);
    }

    /** {@code sent N, pending N, failed N}. */
    public String summary() {
        return "sent " + sent + ", pending " + pending + ", failed " + failed;
    }
}
