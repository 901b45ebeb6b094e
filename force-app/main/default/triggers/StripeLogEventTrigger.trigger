trigger StripeLogEventTrigger on Stripe_Log_Event__e(after insert) {
    StripeLogEventTriggerHandler.handle(Trigger.new);
}
