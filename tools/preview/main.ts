/**
 * `tsx tools/preview/main.ts [--port N] [--once]`: starts the local preview (server.ts) and prints its URL and
 * sample data; keeps serving until Ctrl-C. `--once` starts it, loads its pages once and stops (a check).
 * STRIPE_SECRET_KEY (sk_test_…) sends callouts to Stripe's test mode; STRIPE_WEBHOOK_SECRET is then the
 * `whsec_…` that `stripe listen --forward-to localhost:PORT/services/apexrest/stripe/webhook` prints.
 */
import { startPreview } from './server';

function argValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

export async function runPreview(argv: string[]): Promise<void> {
  const key = process.env.STRIPE_SECRET_KEY;
  if (key && !key.startsWith('sk_test_') && !key.startsWith('rk_test_')) {
    throw new Error(
      'STRIPE_SECRET_KEY must be a test-mode key (sk_test_…): the preview creates customers and subscriptions',
    );
  }
  const preview = await startPreview({
    port: Number(argValue(argv, '--port') ?? process.env.PORT ?? 0) || (argv.includes('--once') ? 0 : 3000),
    stripeSecretKey: key || undefined,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    log: (line) => console.error(line),
  });
  console.log(`Local preview: ${preview.url}`);
  console.log(`  Contact record page  ${preview.url}lightning/r/${preview.contactId}/view`);
  console.log(`  Finance home         ${preview.url}lightning/n/Stripe_Finance_Home`);
  console.log(`  Admin setup          ${preview.url}lightning/n/Stripe_Admin`);
  console.log(`  Webhook endpoint     ${preview.url}services/apexrest/stripe/webhook`);
  console.log('Sample data:');
  for (const line of preview.summary) console.log(`  ${line}`);
  if (argv.includes('--once')) {
    for (const page of [
      `lightning/r/${preview.contactId}/view`,
      'lightning/n/Stripe_Finance_Home',
      'lightning/n/Stripe_Admin',
    ]) {
      const response = await fetch(preview.url + page);
      if (response.status !== 200) throw new Error(`${page}: HTTP ${response.status}`);
    }
    console.log('Pages served; stopping (--once).');
    await preview.close();
    return;
  }
  console.log('Ctrl-C stops.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await preview.close();
}

if (require.main === module) {
  runPreview(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`preview: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
