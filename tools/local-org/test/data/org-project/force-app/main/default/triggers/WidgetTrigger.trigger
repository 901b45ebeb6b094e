trigger WidgetTrigger on Widget__c(before insert) {
    for (Widget__c w : Trigger.new) {
        if (w.Status__c == null) {
            w.Status__c = 'open';
        }
    }
}
