/** `@salesforce/customPermission/<name>`: true when the scenario grants it, undefined otherwise (as on the platform). */
import { scenario } from './state';

export function hasCustomPermission(name: string): true | undefined {
  return scenario().permissions.includes(name) ? true : undefined;
}
