# One-off generator kept for reference: writes CustomLabels.labels-meta.xml and stripeLabels/labels.ts
# from the table below. Edit the table, run `python3 tools/labels/labels.py`, then prettier on the XML.
import html, os, re
ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'force-app', 'main', 'default')
L = []
def add(cat, name, value, desc=None):
    L.append((cat, name, value, desc or value))
# Shared
add('Errors','Error_Generic','Something went wrong.')
add('Errors','Error_WhatToDo','Try again. If it keeps happening, ask your Salesforce admin and give them the reference below.')
add('Errors','Error_WhatToDoNoReference','Try again. If it keeps happening, ask your Salesforce admin.')
add('Errors','Error_NoAccess','You do not have access to this Stripe data.')
add('Errors','Error_NoAccessWhatToDo','Ask your Salesforce admin for the Stripe permission set that fits your role.')
add('Errors','Error_Reference','Reference for your admin: {0}')
add('Errors','Error_Icon','Error')
# Statuses
for code, value in [('active','Active'),('trialing','Trialing'),('past_due','Past due'),('unpaid','Unpaid'),('incomplete','Incomplete'),('incomplete_expired','Incomplete, expired'),('paused','Paused'),('canceled','Canceled'),('link_sent','Checkout link sent'),('link_expired','Checkout link expired')]:
    add('Statuses','Subscription_Status_'+code, value, 'Subscription status '+code)
for code, value in [('paid','Paid'),('open','Open'),('draft','Draft'),('failed','Failed'),('void','Void'),('uncollectible','Uncollectible'),('refunded','Refunded'),('partially_refunded','Partially refunded'),('action_required','Action required'),('disputed','Disputed'),('dispute_won','Dispute won'),('dispute_lost','Dispute lost')]:
    add('Statuses','Payment_Status_'+code, value, 'Payment status '+code)
for code, value in [('Synced','Synced'),('Pending','Pending'),('Failed','Failed'),('Disabled','Disabled')]:
    add('Statuses','Sync_Status_'+code, value, 'Customer sync status '+code)
for code, value in [('received','Received'),('processed','Processed'),('ignored','Ignored'),('failed','Failed'),('retrying','Retrying')]:
    add('Statuses','Webhook_Status_'+code, value, 'Webhook event status '+code)
add('Statuses','Status_Unknown','Unknown status')
for code, value in [('warning_needs_response','Inquiry, needs a response'),('warning_under_review','Inquiry under review'),('warning_closed','Inquiry closed'),('needs_response','Needs a response'),('under_review','Under review'),('won','Won'),('lost','Lost'),('prevented','Prevented')]:
    add('Statuses','Dispute_Status_'+code, value, 'Stripe dispute status '+code)
# Stripe decline and failure codes (https://docs.stripe.com/declines/codes, https://docs.stripe.com/error-codes)
for code, value in [
 ('generic_decline','The card was declined.'),('card_declined','The card was declined.'),
 ('insufficient_funds','The card has insufficient funds.'),('lost_card','The card was reported lost.'),
 ('stolen_card','The card was reported stolen.'),('expired_card','The card has expired.'),
 ('incorrect_cvc','The security code (CVC) is incorrect.'),('incorrect_number','The card number is incorrect.'),
 ('processing_error','The card could not be processed. Try again.'),('do_not_honor','The bank declined the card.'),
 ('card_velocity_exceeded','The card went over its limit.'),('fraudulent','The payment was declined as possible fraud.'),
 ('card_not_supported','The card does not support this payment.'),('currency_not_supported','The card does not support this currency.'),
 ('try_again_later','The bank asked to try again later.'),('authentication_required','The customer must confirm the payment with their bank.'),
 ('do_not_try_again','The bank declined the card; do not retry it.'),('invalid_account','The card or account is not valid.'),
 ('pickup_card','The bank asked to keep the card (reported lost or stolen).'),('withdrawal_count_limit_exceeded','The card went over its limit.'),
]:
    add('Declines','Decline_'+code, value, 'Stripe decline or failure code '+code)
add('Declines','Decline_Other','The payment failed ({0}).')
# Intervals
for unit in ['day','week','month','year']:
    add('Intervals','Interval_'+unit, unit)
    add('Intervals','Interval_'+unit+'s', unit+'s')
add('Intervals','Interval_Per','/ {0}','Per one interval, e.g. "/ month"')
add('Intervals','Interval_Every','/ {0} {1}','Per several intervals, e.g. "/ 3 months"')
# Billing card
for n,v in [('Billing_Title','Stripe billing'),('Billing_Refresh','Refresh billing history'),('Billing_Refreshing','Refreshing billing history'),
 ('Billing_Loading','Loading billing history'),('Billing_LoadFailed','Billing history could not be loaded.'),
 ('Billing_Empty','This contact has no Stripe subscriptions or payments yet.'),('Billing_Subscriptions','Subscriptions'),('Billing_Payments','Payments'),
 ('Billing_Amount','Amount'),('Billing_PeriodEnds','Current period ends'),('Billing_Ended','Ended'),('Billing_LinkExpires','Link expires'),
 ('Billing_TrialEnds','Trial ends'),
 ('Billing_CancelsOn','Cancels on {0}'),('Billing_CancelsAtPeriodEnd','Cancels at period end'),('Billing_Paid','Paid'),('Billing_NotPaid','Not paid yet'),
 ('Billing_Refunded','Refunded'),('Billing_ViewInvoice','View invoice'),('Billing_InvoicePdf','Invoice PDF'),('Billing_OpensNewTab','{0}, opens in a new tab'),
 ('Billing_ViewAllSubscriptions','View all subscriptions'),('Billing_ViewAllPayments','View all payments'),('Billing_AmountPending','Amount not known yet'),
 ('Billing_SubscriptionFallback','Subscription {0}'),('Billing_PaymentFallback','Payment {0}'),('Billing_Warning','Warning'),
 ('Billing_OpenRecord','Open {0}')]:
    add('Billing',n,v)
# Customer card
for n,v in [('Customer_Title','Stripe customer'),('Customer_Id','Stripe customer ID'),('Customer_NotLinked','Not linked to a Stripe customer yet'),
 ('Customer_SyncStatus','Sync status'),('Customer_NotSynced','Not synced'),('Customer_LastSynced','Last synced'),('Customer_LastError','Last sync error'),
 ('Customer_OpenInStripe','Open in the Stripe dashboard'),('Customer_TestMode','Test mode'),('Customer_SyncNow','Sync now'),('Customer_SyncQueued','Sync started'),
 ('Customer_SyncQueuedMessage','The contact is sent to Stripe within a few seconds.'),('Customer_SyncFailed','The sync could not be started.'),
 ('Customer_Loading','Loading the Stripe customer'),('Customer_LoadFailed','The Stripe customer could not be loaded.')]:
    add('Customer',n,v)
# Payments
for n,v in [('Payments_Title','Stripe payments'),('Payments_Filter','Status'),('Payments_AllStatuses','All statuses'),
 ('Payments_Totals','Paid, net of refunds'),('Payments_Empty','This contact has no Stripe payments yet.'),('Payments_NoneMatch','No payments have this status.'),
 ('Payments_Date','Date'),('Payments_Amount','Amount'),('Payments_Status','Status'),('Payments_Reason','Reason'),
 ('Payments_Receipt','Receipt'),('Payments_Loading','Loading payments'),('Payments_LoadFailed','The payments could not be loaded.'),
 ('Payments_Refunded','{0} refunded'),('Payments_Dispute','Dispute: {0}'),('Payments_NextAttempt','Stripe retries on {0}'),
 ('Payments_Capped','Totals and the filter cover the {0} newest payments.'),('Payments_NoTotals','Nothing collected in the payments shown.'),
 ('Payments_InvoicePdf','Invoice PDF'),('Payments_ViewInvoice','View invoice')]:
    add('Payments',n,v)
# Checkout
for n,v in [('Checkout_Title','Stripe payment link'),('Checkout_LoadingPrices','Loading prices'),('Checkout_Creating','Creating payment link'),
 ('Checkout_PricesFailed','The prices could not be loaded.'),('Checkout_NoPrices','There are no active recurring Stripe prices. Ask your Stripe admin to sync the product catalog.'),
 ('Checkout_Price','Price'),('Checkout_ChoosePrice','Choose a price'),('Checkout_Quantity','Quantity'),('Checkout_Create','Create payment link'),
 ('Checkout_Link','Payment link'),('Checkout_Expires','Expires {0}'),('Checkout_Copy','Copy link'),('Checkout_Copied','Copied'),
 ('Checkout_CreateAnother','Create another link'),('Checkout_Created','Payment link created'),('Checkout_CreatedMessage','Copy the link and send it to the customer.'),
 ('Checkout_LinkCopied','Link copied'),('Checkout_LinkCopiedMessage','The payment link is on the clipboard.'),('Checkout_CopyYourself','Copy the link yourself'),
 ('Checkout_CopyYourselfMessage','The browser did not allow copying. Select the link and copy it.'),('Checkout_CreateFailed','The payment link could not be created.'),
 ('Checkout_NoPermission','Creating payment links needs the "Stripe: Create Checkout Link" permission. Ask your Salesforce admin.'),
 ('Checkout_Cancel','Cancel'),('Checkout_Done','Done'),('Checkout_ActionHeader','Create payment link')]:
    add('Checkout',n,v)
# Cancel
for n,v in [('Cancel_Header','Cancel Stripe subscription'),('Cancel_Loading','Loading subscription'),('Cancel_Canceling','Canceling subscription'),
 ('Cancel_LoadFailed','The subscription could not be loaded.'),('Cancel_AlreadyCanceled','This subscription is already canceled.'),
 ('Cancel_NoStripeSubscription','There is no Stripe subscription yet: the payment link has not been paid.'),
 ('Cancel_AlreadyScheduled','Already scheduled to cancel on {0}. You can cancel it now instead.'),
 ('Cancel_AlreadyScheduledPeriodEnd','Already scheduled to cancel at the end of the current period. You can cancel it now instead.'),
 ('Cancel_PeriodEnds','The current period ends {0}.'),('Cancel_When','When should it end?'),
 ('Cancel_AtPeriodEnd','At the end of the current period, {0} (no further charge)'),('Cancel_AtPeriodEndNoDate','At the end of the current period (no further charge)'),
 ('Cancel_Immediately','Immediately'),('Cancel_WebhookNote','Stripe confirms the cancellation; the status here updates a few seconds later.'),
 ('Cancel_NoPermission','Canceling needs the "Stripe: Cancel Subscription" permission. Ask your Salesforce admin.'),
 ('Cancel_Close','Close'),('Cancel_Confirm','Cancel subscription'),('Cancel_ConfirmNow','Cancel now'),('Cancel_Failed','The cancellation failed.'),
 ('Cancel_Done','Subscription canceled'),('Cancel_DoneAtPeriodEnd','{0} ends on {1}.'),('Cancel_DoneAtPeriodEndNoDate','{0} ends at the end of the current period.'),
 ('Cancel_DoneNow','{0} is canceled in Stripe.'),('Cancel_Plan','Plan'),('Cancel_Amount','Amount'),('Cancel_Subscription','Subscription')]:
    add('Cancel',n,v)

# Admin setup checklist
for n,v in [('Setup_Title','Stripe setup'),('Setup_Refresh','Check again'),('Setup_Loading','Checking the Stripe setup'),
 ('Setup_LoadFailed','The setup could not be checked.'),('Setup_Ok','OK'),('Setup_NeedsAction','Needs action'),
 ('Setup_SecretOk','The webhook signing secret is set.'),
 ('Setup_SecretMissing','No webhook signing secret is set: Stripe events are refused.'),
 ('Setup_SecretWhatToDo','Reveal the signing secret of the endpoint in the Stripe dashboard (Developers > Webhooks) and store it with the Set Stripe Webhook Signing Secret flow action (admin guide, step 7).'),
 ('Setup_DeliveriesOk','{0} events received in the last 24 hours, the newest {1}.'),
 ('Setup_DeliveriesNone','No Stripe event received in the last 24 hours.'),
 ('Setup_DeliveriesWhatToDo','Check in the Stripe dashboard that the endpoint points to the Site URL and that its recent deliveries succeed.'),
 ('Setup_FailuresOk','No event failed or is waiting for a retry in the last 7 days.'),
 ('Setup_Failures','{0} events failed and {1} are waiting for a retry in the last 7 days.'),
 ('Setup_FailuresWhatToDo','Open each event below, fix the cause its last error names, and click Replay.'),
 ('Setup_VersionOk','Recent events use the pinned API version {0}.'),
 ('Setup_VersionNone','No recent event to compare with the pinned API version {0}.'),
 ('Setup_VersionMismatch','Recent events use {1}; the package is pinned to {0}.'),
 ('Setup_VersionWhatToDo','Set the webhook endpoint in Stripe to the API version {0}.'),
 ('Setup_Problems','Failed and retrying events'),('Setup_Attempts','{0} attempts')]:
    add('Setup',n,v)
# Setup checklist: connection, Site, integration user, endpoint, jobs, bulk replay (issue 13)
for n,v in [('Setup_ConnectionCheck','Check connection'),
 ('Setup_ConnectionNotChecked','The connection to Stripe has not been checked yet.'),
 ('Setup_ConnectionNotCheckedWhatToDo','Click Check connection: the checklist asks Stripe for the account balance through the Named Credential Stripe.'),
 ('Setup_ConnectionOkTest','Salesforce reaches Stripe through the Named Credential, with a test mode key.'),
 ('Setup_ConnectionOkLive','Salesforce reaches Stripe through the Named Credential, with a live mode key.'),
 ('Setup_ConnectionFailed','Salesforce could not reach Stripe: {0}'),
 ('Setup_ConnectionWhatToDo','Check the Named Credential Stripe and the secret key of its principal StripeApiKey (admin guide, step 3), then check again.'),
 ('Setup_SiteOk','The Site {0} is active and its guest user has the Stripe_Webhook_Guest permission set.'),
 ('Setup_SiteMissing','The Site {0} does not exist: Stripe cannot deliver events.'),
 ('Setup_SiteInactive','The Site {0} is not active (status: {1}): Stripe cannot deliver events.'),
 ('Setup_SiteGuestMissing','The guest user of the Site {0} does not have the Stripe_Webhook_Guest permission set: Stripe events are refused.'),
 ('Setup_SiteWhatToDo','Create or activate the Site in Setup > Sites, then assign Stripe_Webhook_Guest to its guest user (admin guide, step 5).'),
 ('Setup_SiteUnreadable','The Site, the permission assignments and the integration user could not be read.'),
 ('Setup_SiteUnreadableWhatToDo','Ask your Salesforce admin: the checklist needs access to the setup of the org.'),
 ('Setup_IntegrationOk','Webhook processing runs as the integration user {0}.'),
 ('Setup_IntegrationNotYet','Integration user: {0}. No event was processed yet to confirm the subscriber config.'),
 ('Setup_IntegrationNoUser','No active user has the Stripe_Integration permission set group.'),
 ('Setup_IntegrationWrongUser','The newest event was processed by {0}, who is not an integration user: the subscriber config is missing or names another user.'),
 ('Setup_IntegrationWhatToDo','Assign Stripe_Integration to a dedicated integration user and deploy the subscriber config with that user (admin guide, steps 2 and 4).'),
 ('Setup_IntegrationNoSettings','The settings record Stripe_Setting__mdt Default is missing.'),
 ('Setup_IntegrationNoSettingsWhatToDo','Deploy the package again: the Default record is part of it (admin guide, step 8).'),
 ('Setup_IntegrationLegacySecret','The old custom setting Stripe_Webhook_Settings__c still holds a signing secret that users can read.'),
 ('Setup_IntegrationLegacyWhatToDo','As a Stripe admin, run StripeWebhookSecrets.migrateFromCustomSetting(); in Anonymous Apex (admin guide, step 7).'),
 ('Setup_EndpointRegistered','The webhook endpoint {0} was registered in Stripe from this checklist.'),
 ('Setup_EndpointManual','A signing secret is set; the endpoint was registered by hand, so the checklist cannot roll its secret.'),
 ('Setup_EndpointMissing','No webhook endpoint is registered in Stripe.'),
 ('Setup_EndpointWhatToDo','Click Register in Stripe: the checklist creates the endpoint with the Site URL, the event types the package handles and the pinned API version, and stores its signing secret.'),
 ('Setup_EndpointRegister','Register in Stripe'),
 ('Setup_EndpointRoll','Roll secret'),
 ('Setup_EndpointRegisteredToast','Webhook endpoint {0} registered in Stripe. Its signing secret is stored.'),
 ('Setup_EndpointRolledToast','New webhook endpoint {0}. The previous secret is accepted until {1}.'),
 ('Setup_EndpointOldNotDeleted','Stripe did not delete the old endpoint {0}: delete it in the Stripe dashboard (Developers > Webhooks).'),
 ('Setup_JobsOk','The package\'s jobs are scheduled.'),
 ('Setup_JobsMissing','Not scheduled: {0}.'),
 ('Setup_JobsWhatToDo','Log in as the integration user and click Schedule jobs, or run npm run schedule-jobs as that user (admin guide, step 9).'),
 ('Setup_JobsNotIntegrationOwner','The jobs are scheduled, but not by the integration user: they run as the user who scheduled them.'),
 ('Setup_JobsSchedule','Schedule jobs'),
 ('Setup_JobsRunNow','Run now'),
 ('Setup_JobsRunNowTitle','Run {0} once now'),
 ('Setup_JobsScheduledToast','{0} job schedules created as you.'),
 ('Setup_JobsRanToast','{0} started.'),
 ('Setup_JobNextRun','Next run {0}'),
 ('Setup_JobNotScheduled','Not scheduled'),
 ('Setup_JobState','State: {0}'),
 ('Setup_Job_retries','Webhook retries'),
 ('Setup_Job_sweep','Customer sync sweep'),
 ('Setup_Job_reconciliation','Reconciliation'),
 ('Setup_Job_purge','Log and payload purge'),
 ('Setup_Job_catalog','Catalog pull'),
 ('Setup_Jobs','Scheduled jobs'),
 ('Setup_ReplaySelected','Replay selected'),
 ('Setup_ReplayedToast','{0} events replayed: processing started.'),
 ('Setup_ColumnEvent','Event'),('Setup_ColumnType','Type'),('Setup_ColumnStatus','Status'),
 ('Setup_ColumnAttempts','Attempts'),('Setup_ColumnReceived','Received'),
 ('Setup_ActionFailed','The action could not be completed.')]:
    add('Setup',n,v)

xml = ['<?xml version="1.0" encoding="UTF-8" ?>','<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">']
for cat,name,value,desc in L:
    xml += ['  <labels>', f'    <fullName>Stripe_{name}</fullName>', f'    <categories>Stripe,{cat}</categories>',
            '    <language>en_US</language>', '    <protected>false</protected>',
            f'    <shortDescription>{html.escape(desc[:80].strip(), quote=False)}</shortDescription>', f'    <value>{html.escape(value, quote=False)}</value>', '  </labels>']
xml.append('</CustomLabels>')
os.makedirs(os.path.join(ROOT,'labels'), exist_ok=True)
open(os.path.join(ROOT,'labels','CustomLabels.labels-meta.xml'),'w').write('\n'.join(xml)+'\n')

def ident(n): return n[0].lower()+n[1:].replace('_','')
ts = ['/**', ' * Every user-visible string of the Stripe components, as custom labels','   (labels/CustomLabels.labels-meta.xml).',
      ' * Generated by tools/labels/labels.py: edit the table there and run it again.', ' */']
ts[1] = ' * Every user-visible string of the Stripe components, as custom labels'
ts[2] = ' * (labels/CustomLabels.labels-meta.xml).'
for cat,name,value,desc in L:
    ts.append(f"import {ident(name)} from '@salesforce/label/c.Stripe_{name}';")
ts.append('')
ts.append('export const LABELS = {')
for cat,name,value,desc in L:
    ts.append(f'  {ident(name)},')
ts.append('} as const;')
ts.append('')
ts.append('export type LabelKey = keyof typeof LABELS;')
open(os.path.join(ROOT,'lwc','stripeLabels','labels.ts'),'w').write('\n'.join(ts)+'\n')
print(len(L), 'labels')
