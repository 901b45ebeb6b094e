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

# Subscription row actions (stripeSubscriptionActions)
for n,v in [('Actions_Menu','Actions for {0}'),('Actions_Cancel','Cancel subscription'),('Actions_Undo','Undo cancellation'),
 ('Actions_Pause','Pause payment collection'),('Actions_Resume','Resume payment collection'),('Actions_Change','Change plan or quantity'),
 ('Actions_Regenerate','Create a new payment link'),('Actions_Email','Email payment link'),('Actions_Working','Updating the subscription'),
 ('Actions_CloseDialog','Close'),('Actions_DialogCancel','Cancel'),
 ('Actions_UndoDone','Cancellation undone'),('Actions_UndoDoneMessage','{0} continues and renews as usual.'),
 ('Actions_UndoFailed','The cancellation could not be undone.'),
 ('Actions_ResumeDone','Payment collection resumed'),('Actions_ResumeDoneMessage','Stripe collects the payments of {0} again.'),
 ('Actions_ResumeFailed','Payment collection could not be resumed.'),
 ('Actions_RegenerateDone','New payment link created'),('Actions_RegenerateDoneMessage','The new link for {0} expires {1}.'),
 ('Actions_RegenerateFailed','The new payment link could not be created.'),
 ('Actions_EmailDone','Payment link sent'),('Actions_EmailDoneMessage','The payment link was emailed to {0}.'),
 ('Actions_EmailFailed','The payment link could not be emailed.'),
 ('Actions_UpdatesSoon','The record updates a few seconds later, when Stripe confirms.')]:
    add('Actions',n,v)
# Pause collection dialog (https://docs.stripe.com/billing/subscriptions/pause-payment)
for n,v in [('Pause_Header','Pause payment collection'),('Pause_Behavior','What happens to invoices while paused?'),
 ('Pause_KeepAsDraft','Keep them as drafts, to collect later'),('Pause_MarkUncollectible','Mark them uncollectible (free service meanwhile)'),
 ('Pause_Void','Void them (no service meanwhile)'),('Pause_ResumesAt','Resume on its own on (optional)'),
 ('Pause_DateTooEarly','Choose a date after today.'),('Pause_Confirm','Pause collection'),('Pause_Pausing','Pausing payment collection'),
 ('Pause_Done','Payment collection paused'),('Pause_DoneMessage','Stripe stops collecting the payments of {0}.'),
 ('Pause_DoneUntil','Stripe stops collecting the payments of {0} until {1}.'),('Pause_Failed','Payment collection could not be paused.')]:
    add('Pause',n,v)
# Plan or quantity change dialog (stripeChangeSubscription)
for n,v in [('Change_Header','Change plan or quantity'),('Change_Loading','Loading the subscription'),
 ('Change_LoadFailed','The subscription could not be loaded.'),('Change_PricesFailed','The prices could not be loaded.'),
 ('Change_Current','Current plan'),('Change_Price','New price'),('Change_Quantity','Quantity'),
 ('Change_Proration','How to charge the difference'),('Change_ProrateNextInvoice','Add it to the next invoice'),
 ('Change_ProrateNow','Invoice it now'),('Change_ProrateNone','Do not prorate'),
 ('Change_Preview','Preview'),('Change_Previewing','Calculating the preview'),('Change_PreviewFailed','The preview could not be calculated.'),
 ('Change_PreviewHeading','Preview of the change'),('Change_ProrationAmount','Prorated amount'),('Change_DueNow','Due now'),
 ('Change_DueNextInvoice','Due on the next invoice'),('Change_NextInvoice','Next invoice'),('Change_NextInvoiceOn','{0} on {1}'),
 ('Change_PreviewFirst','Preview the change to see the prorated amount before you confirm it.'),
 ('Change_Confirm','Confirm change'),('Change_Changing','Changing the subscription'),('Change_Failed','The subscription could not be changed.'),
 ('Change_Done','Subscription changed'),('Change_DoneMessage','Stripe accepted the change to {0}.'),
 ('Change_NoChange','Choose another price or quantity.'),
 ('Change_NoPermission','Changing subscriptions needs the "Stripe: Change Subscription" permission. Ask your Salesforce admin.'),
 ('Change_NotChangeable','Only an active, trialing or past-due subscription can be changed.')]:
    add('Change',n,v)
# Cancel on a date, trial and paused collection on the billing card, customer portal on the customer card
for n,v in [('Cancel_OnDate','On a date'),('Cancel_Date','Cancellation date'),('Cancel_DateTooEarly','Choose a date after today.')]:
    add('Cancel',n,v)
for n,v in [('Billing_CollectionPaused','Collection paused'),('Billing_CollectionResumes','Collection resumes')]:
    add('Billing',n,v)
for n,v in [('Customer_EmailPortal','Email portal link'),('Customer_CopyPortal','Copy portal link'),
 ('Customer_PortalSent','Portal link sent'),('Customer_PortalSentMessage','The customer portal link was emailed to {0}.'),
 ('Customer_PortalCopied','Portal link copied'),('Customer_PortalCopiedMessage','The link is on the clipboard. It works for a short time.'),
 ('Customer_PortalCopyYourself','Copy the portal link yourself'),('Customer_PortalLink','Customer portal link'),
 ('Customer_PortalFailed','The portal link could not be created.'),('Customer_PortalEmailFailed','The portal link could not be emailed.')]:
    add('Customer',n,v)

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
