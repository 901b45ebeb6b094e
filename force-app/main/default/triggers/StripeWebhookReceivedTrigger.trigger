trigger StripeWebhookReceivedTrigger on Stripe_Webhook_Received__e(after insert) {
    StripeWebhookReceivedTriggerHandler.handle(Trigger.new);
}
