import { createElement } from 'lwc';
import replay from '@salesforce/apex/StripeWebhookReplayController.replay';
import StripeWebhookEventReplay from '../stripeWebhookEventReplay';
import getRecordFailed from './data/getRecordFailed.json';
import { getRecord as getRecordAdapter } from '../../../../../../tools/platform-stubs/lightning/uiRecordApi';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

// A user without the custom permission: the platform gives `undefined`, not false.
jest.mock('@salesforce/customPermission/Stripe_Replay_Webhook_Event', () => ({ default: undefined }));

const replayMock = jest.spyOn(apexStub(replay), 'invoke');
const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-stripe-webhook-event-replay (without the replay permission)', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows the event but no replay button, and says which permission is needed', async () => {
    const element = createElement('c-stripe-webhook-event-replay', { is: StripeWebhookEventReplay }) as HTMLElement & {
      recordId?: string;
    };
    element.recordId = 'a03000000000042AAA';
    document.body.appendChild(element);
    getRecordAdapter.emit(getRecordFailed);
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;

    expect(root.querySelector('[data-id="status"]')).not.toBeNull();
    expect(root.querySelector('[data-id="replay"]')).toBeNull();
    expect(root.querySelector('[data-id="no-permission"]')?.textContent).toContain(
      'Replay Stripe Webhook Event permission',
    );
    const close = root.querySelector<HTMLElement & { label?: string }>('[data-id="close"]');
    expect(close?.label).toBe('Close');
    expect(replayMock).not.toHaveBeenCalled();
  });
});
