trigger AuditTrigger on Audit__e(after insert) {
    for (Audit__e a : Trigger.new) {
        insert new Widget__c(External_Id__c = a.Key__c);
    }
}
