/** `@salesforce/customPermission/<name>`: true when the scenario (or the preview's user) has it, undefined otherwise (as on the platform). */
import { preview } from './remote';
import { scenario } from './state';

export function hasCustomPermission(name: string): true | undefined {
  return (preview()?.permissions ?? scenario().permissions).includes(name) ? true : undefined;
}
