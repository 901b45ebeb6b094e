/**
 * The user Jest's tests run as: en-US (the stubs' default user, tools/platform-stubs/modules.ts `I18N`), but in
 * America/Los_Angeles rather than UTC, so a date formatted in UTC instead of the user's time zone shows in a
 * test (the browser check's Chromium context is in UTC, as its user). The user's settings are per-name
 * platform modules (`@salesforce/i18n/timeZone`); this replaces that one for every test file.
 */
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'America/Los_Angeles' }));
