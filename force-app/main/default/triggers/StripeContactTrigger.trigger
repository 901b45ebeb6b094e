trigger StripeContactTrigger on Contact(before insert, before update, after insert, after update) {
    StripeContactTriggerHandler.handle(Trigger.isBefore, Trigger.new, Trigger.oldMap);
}
