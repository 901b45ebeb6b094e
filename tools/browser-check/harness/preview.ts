/**
 * The local preview's pages (tools/preview/server.ts): the server lays a page out as the package's flexipage
 * does, with a `<div data-lwc="c-…" data-props="{…}">` where each of the package's components goes; this mounts
 * the real components there, shows toasts as Lightning does, and closes a quick action's modal when the
 * component asks to.
 */
import { createElement } from 'lwc';

type Constructor = Parameters<typeof createElement>[1]['is'];

export function mountPreview(components: Record<string, unknown>): void {
  for (const slot of Array.from(document.querySelectorAll<HTMLElement>('[data-lwc]'))) {
    const tag = slot.dataset.lwc ?? '';
    const ctor = components[tag];
    if (ctor === undefined) {
      slot.textContent = `${tag}: not in the preview's bundle (tools/browser-check/harness/main.ts)`;
      continue;
    }
    const element = createElement(tag, { is: ctor as Constructor });
    Object.assign(element, JSON.parse(slot.dataset.props ?? '{}') as Record<string, unknown>);
    slot.appendChild(element);
  }
  const toasts = document.getElementById('preview-toasts');
  document.addEventListener('lightning__showtoast', (event) => {
    const toast = (event as CustomEvent<{ title?: string; message?: string; variant?: string }>).detail;
    const variant = ['success', 'error', 'warning'].includes(toast.variant ?? '') ? toast.variant : 'info';
    const box = document.createElement('div');
    box.className = `slds-notify slds-notify_toast slds-theme_${variant}`;
    box.setAttribute('role', variant === 'error' ? 'alert' : 'status');
    const body = document.createElement('div');
    body.className = 'slds-notify__content';
    const title = document.createElement('h2');
    title.className = 'slds-text-heading_small';
    title.textContent = toast.title ?? '';
    const message = document.createElement('p');
    message.textContent = toast.message ?? '';
    body.append(title, message);
    box.appendChild(body);
    toasts?.appendChild(box);
    setTimeout(() => box.remove(), 8000);
  });
  document.addEventListener('lightning__actionsclosescreen', () => {
    // The quick action is done: back to the record page, which shows the record as it is now.
    const url = new URL(window.location.href);
    url.searchParams.delete('action');
    window.location.href = url.toString();
  });
}
