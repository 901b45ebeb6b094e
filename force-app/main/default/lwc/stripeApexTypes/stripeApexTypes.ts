/**
 * The Apex results and parameters the Stripe components use, generated from the Apex classes by
 * scripts/generate-apex-types.ts (`npm run types:apex`). Do not edit: change the Apex and run it again.
 * Optional fields: Apex leaves null fields out of the JSON a component receives.
 */
/* eslint-disable @typescript-eslint/no-namespace, no-use-before-define */

export namespace StripeBillingEmail {
  export interface EmailResult {
    sentTo?: string;
    activityId?: string;
    fromAddress?: string;
  }
}

export namespace StripeBillingHistoryController {
  export interface BillingHistory {
    contactId?: string;
    contactName?: string;
    stripeCustomerId?: string;
    syncStatus?: string;
    lastSyncedAt?: string;
    lastSyncError?: string;
    subscriptions?: StripeBillingHistoryController.SubscriptionRow[];
    payments?: StripeBillingHistoryController.PaymentRow[];
    hasMoreSubscriptions?: boolean;
    hasMorePayments?: boolean;
  }
  export interface PaymentRow {
    id?: string;
    name?: string;
    stripeInvoiceId?: string;
    status?: string;
    amount?: number;
    amountRefunded?: number;
    currencyCode?: string;
    paidAt?: string;
    failureCode?: string;
    declineCode?: string;
    failureMessage?: string;
    attemptCount?: number;
    nextAttemptAt?: string;
    hostedInvoiceUrl?: string;
    invoicePdfUrl?: string;
    createdDate?: string;
  }
  export interface SubscriptionRow {
    id?: string;
    name?: string;
    stripeSubscriptionId?: string;
    status?: string;
    planName?: string;
    quantity?: number;
    amount?: number;
    currencyCode?: string;
    billingInterval?: string;
    billingIntervalCount?: number;
    currentPeriodEnd?: string;
    cancelAtPeriodEnd?: boolean;
    cancelAt?: string;
    pendingCancellationAt?: string;
    amountBlankReason?: string;
    canceledAt?: string;
    checkoutExpiresAt?: string;
    createdDate?: string;
    priceRecordId?: string;
    trialEnd?: string;
    pauseBehavior?: string;
    pauseResumesAt?: string;
  }
}

export namespace StripeCheckoutController {
  export interface PriceOption {
    label?: string;
    value?: string;
    amount?: number;
    currencyCode?: string;
    interval?: string;
    intervalCount?: number;
  }
}

export namespace StripeCheckoutService {
  export interface CheckoutLink {
    subscriptionRecordId?: string;
    url?: string;
    expiresAt?: string;
  }
  export interface LineItem {
    priceId?: string;
    quantity?: number;
  }
}

export namespace StripeCustomerController {
  export interface SyncResult {
    queued?: boolean;
    message?: string;
  }
}

export namespace StripeJobScheduler {
  export interface JobState {
    key?: string;
    name?: string;
    scheduled?: number;
    state?: string;
    nextFireTime?: string;
    previousFireTime?: string;
    ownerIds?: string[];
  }
}

export namespace StripePaymentsController {
  export interface PaymentList {
    payments?: StripePaymentsController.PaymentRow[];
    hasMore?: boolean;
  }
  export interface PaymentRow {
    id?: string;
    name?: string;
    stripeInvoiceId?: string;
    status?: string;
    amount?: number;
    amountRefunded?: number;
    currencyCode?: string;
    paidAt?: string;
    failureCode?: string;
    declineCode?: string;
    failureMessage?: string;
    nextAttemptAt?: string;
    disputeStatus?: string;
    disputeReason?: string;
    hostedInvoiceUrl?: string;
    invoicePdfUrl?: string;
    createdDate?: string;
  }
}

export namespace StripePortalService {
  export interface PortalLink {
    url?: string;
    createdAt?: string;
  }
}

export namespace StripeSetupController {
  export interface Checklist {
    signingSecretSet?: boolean;
    deliveriesLastDay?: number;
    deliveriesLastWeek?: number;
    lastDeliveryAt?: string;
    failed?: number;
    retrying?: number;
    problems?: StripeSetupController.EventRow[];
    pinnedApiVersion?: string;
    recentApiVersions?: string[];
    apiVersionsMatch?: boolean;
    site?: StripeSetupService.SiteCheck;
    integration?: StripeSetupService.IntegrationCheck;
    setupReadable?: boolean;
    jobs?: StripeJobScheduler.JobState[];
    webhookEndpointId?: string;
    canManageJobs?: boolean;
    canManageWebhookSecret?: boolean;
    canReplay?: boolean;
  }
  export interface EventRow {
    id?: string;
    name?: string;
    type?: string;
    status?: string;
    attempts?: number;
    receivedAt?: string;
  }
}

export namespace StripeSetupService {
  export interface ConnectionCheck {
    ok?: boolean;
    livemode?: boolean;
    message?: string;
    credentialError?: boolean;
    statusCode?: number;
  }
  export interface EndpointResult {
    endpointId?: string;
    url?: string;
    apiVersion?: string;
    enabledEvents?: number;
    previousSecretValidUntil?: string;
    oldEndpointNotDeleted?: string;
  }
  export interface IntegrationCheck {
    integrationUsers?: string[];
    processedBy?: string;
    processedByIntegrationUser?: boolean;
    settingsRecordFound?: boolean;
    legacySecretPresent?: boolean;
    integrationUserIds?: string[];
  }
  export interface SiteCheck {
    siteName?: string;
    found?: boolean;
    active?: boolean;
    status?: string;
    guestHasPermissionSet?: boolean;
    webhookUrl?: string;
  }
}

export namespace StripeSubscriptionController {
  export interface CancelResult {
    status?: string;
    cancelAtPeriodEnd?: boolean;
    canceledAt?: string;
    currentPeriodEnd?: string;
    cancelAt?: string;
  }
}

export namespace StripeSubscriptionResults {
  export interface ChangePreview {
    currencyCode?: string;
    prorationAmount?: number;
    nextInvoiceTotal?: number;
    amountDue?: number;
    nextInvoiceAt?: string;
    prorationDate?: number;
    prorationBehavior?: string;
    lines?: StripeSubscriptionResults.PreviewLine[];
  }
  export interface ChangeResult {
    status?: string;
    cancelAtPeriodEnd?: boolean;
    cancelAt?: string;
    pauseBehavior?: string;
    pauseResumesAt?: string;
    priceId?: string;
    quantity?: number;
    discounts?: string[];
    currentPeriodEnd?: string;
    message?: string;
  }
  export interface PreviewLine {
    description?: string;
    amount?: number;
    proration?: boolean;
    periodStart?: string;
    periodEnd?: string;
  }
}

/** Every `@AuraEnabled` method of the controllers: its parameters and result. */
export interface ApexMethods {
  'StripeBillingHistoryController.getBillingHistory': {
    params: { contactId: string };
    result: StripeBillingHistoryController.BillingHistory;
  };
  'StripeCatalogController.syncCatalog': { params: Record<string, never>; result: string };
  'StripeCheckoutController.createCheckoutSession': {
    params: { subscriptionRecordId: string };
    result: StripeCheckoutService.CheckoutLink;
  };
  'StripeCheckoutController.emailCheckoutLink': {
    params: { subscriptionRecordId: string };
    result: StripeBillingEmail.EmailResult;
  };
  'StripeCheckoutController.getActivePrices': {
    params: Record<string, never>;
    result: StripeCheckoutController.PriceOption[];
  };
  'StripeCheckoutController.prepareCheckout': {
    params: { contactId: string; priceId: string; quantity: number };
    result: string;
  };
  'StripeCheckoutController.prepareCheckoutItems': {
    params: { contactId: string; items: StripeCheckoutService.LineItem[]; trialPeriodDays: number };
    result: string;
  };
  'StripeCheckoutController.regenerateCheckoutLink': {
    params: { subscriptionRecordId: string };
    result: StripeCheckoutService.CheckoutLink;
  };
  'StripeCustomerController.getStripeMode': { params: Record<string, never>; result: string };
  'StripeCustomerController.syncNow': { params: { contactId: string }; result: StripeCustomerController.SyncResult };
  'StripePaymentsController.getPayments': {
    params: { contactId: string };
    result: StripePaymentsController.PaymentList;
  };
  'StripePortalController.createPortalSession': {
    params: { contactId: string };
    result: StripePortalService.PortalLink;
  };
  'StripePortalController.emailPortalLink': { params: { contactId: string }; result: StripeBillingEmail.EmailResult };
  'StripeSetupController.checkConnection': {
    params: Record<string, never>;
    result: StripeSetupService.ConnectionCheck;
  };
  'StripeSetupController.getChecklist': { params: Record<string, never>; result: StripeSetupController.Checklist };
  'StripeSetupController.registerWebhookEndpoint': {
    params: Record<string, never>;
    result: StripeSetupService.EndpointResult;
  };
  'StripeSetupController.rollWebhookSecret': {
    params: Record<string, never>;
    result: StripeSetupService.EndpointResult;
  };
  'StripeSetupController.runJobNow': { params: { jobKey: string }; result: void };
  'StripeSetupController.scheduleJobs': { params: Record<string, never>; result: StripeJobScheduler.JobState[] };
  'StripeSubscriptionChangeController.applyDiscount': {
    params: { subscriptionRecordId: string; couponId: string; promotionCode: string };
    result: StripeSubscriptionResults.ChangeResult;
  };
  'StripeSubscriptionChangeController.changeSubscription': {
    params: {
      subscriptionRecordId: string;
      priceRecordId: string;
      quantity: number;
      prorationBehavior: string;
      prorationDate: number;
    };
    result: StripeSubscriptionResults.ChangeResult;
  };
  'StripeSubscriptionChangeController.getPrices': {
    params: Record<string, never>;
    result: StripeCheckoutController.PriceOption[];
  };
  'StripeSubscriptionChangeController.pauseCollection': {
    params: { subscriptionRecordId: string; behavior: string; resumesAt: string };
    result: StripeSubscriptionResults.ChangeResult;
  };
  'StripeSubscriptionChangeController.previewChange': {
    params: { subscriptionRecordId: string; priceRecordId: string; quantity: number; prorationBehavior: string };
    result: StripeSubscriptionResults.ChangePreview;
  };
  'StripeSubscriptionChangeController.resumeCollection': {
    params: { subscriptionRecordId: string };
    result: StripeSubscriptionResults.ChangeResult;
  };
  'StripeSubscriptionController.cancelSubscription': {
    params: { subscriptionRecordId: string; atPeriodEnd: boolean };
    result: StripeSubscriptionController.CancelResult;
  };
  'StripeSubscriptionController.cancelSubscriptionOn': {
    params: { subscriptionRecordId: string; cancelAt: string };
    result: StripeSubscriptionController.CancelResult;
  };
  'StripeSubscriptionController.undoCancellation': {
    params: { subscriptionRecordId: string };
    result: StripeSubscriptionController.CancelResult;
  };
  'StripeWebhookReplayController.replay': { params: { eventRecordId: string }; result: string };
  'StripeWebhookReplayController.replayEvents': { params: { eventRecordIds: string[] }; result: number };
}
