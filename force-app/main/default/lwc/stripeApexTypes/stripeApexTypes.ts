/**
 * The Apex results and parameters the Stripe components use, generated from the Apex classes by
 * scripts/generate-apex-types.ts (`npm run types:apex`). Do not edit: change the Apex and run it again.
 * Optional fields: Apex leaves null fields out of the JSON a component receives.
 */
/* eslint-disable @typescript-eslint/no-namespace */

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
}

export namespace StripeCustomerController {
  export interface SyncResult {
    queued?: boolean;
    message?: string;
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

export namespace StripeSubscriptionController {
  export interface CancelResult {
    status?: string;
    cancelAtPeriodEnd?: boolean;
    canceledAt?: string;
    currentPeriodEnd?: string;
    cancelAt?: string;
  }
}

/** Every `@AuraEnabled` method of the controllers: its parameters and result. */
export interface ApexMethods {
  'StripeBillingHistoryController.getBillingHistory': {
    params: { contactId: string };
    result: StripeBillingHistoryController.BillingHistory;
  };
  'StripeCheckoutController.createCheckoutSession': {
    params: { subscriptionRecordId: string };
    result: StripeCheckoutService.CheckoutLink;
  };
  'StripeCheckoutController.getActivePrices': {
    params: Record<string, never>;
    result: StripeCheckoutController.PriceOption[];
  };
  'StripeCheckoutController.prepareCheckout': {
    params: { contactId: string; priceId: string; quantity: number };
    result: string;
  };
  'StripeCustomerController.getStripeMode': { params: Record<string, never>; result: string };
  'StripeCustomerController.syncNow': { params: { contactId: string }; result: StripeCustomerController.SyncResult };
  'StripePaymentsController.getPayments': {
    params: { contactId: string };
    result: StripePaymentsController.PaymentList;
  };
  'StripeSetupController.getChecklist': { params: Record<string, never>; result: StripeSetupController.Checklist };
  'StripeSubscriptionController.cancelSubscription': {
    params: { subscriptionRecordId: string; atPeriodEnd: boolean };
    result: StripeSubscriptionController.CancelResult;
  };
  'StripeWebhookReplayController.replay': { params: { eventRecordId: string }; result: string };
}
