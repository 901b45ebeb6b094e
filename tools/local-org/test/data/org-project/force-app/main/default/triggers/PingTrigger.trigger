trigger PingTrigger on Ping__e(after insert) {
    for (Ping__e p : Trigger.new) {
        System.enqueueJob(new WidgetJob(p.Key__c + '-job'), 5);
    }
}
