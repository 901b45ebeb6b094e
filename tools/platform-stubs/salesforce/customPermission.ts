/**
 * `@salesforce/customPermission/<name>`: true when the scenario's (or the preview's) user has it, undefined
 * otherwise, as on the platform. ../modules.ts generates one module per imported permission:
 * `export default hasCustomPermission('<name>')`. The value is fixed when the module loads: a Jest test
 * that runs as a user with (or without) the permission replaces that one module with `jest.mock`.
 */
import { preview } from '../backend/remote';
import { scenario } from '../backend/scenario';

export function hasCustomPermission(name: string): true | undefined {
  return (preview()?.permissions ?? scenario()?.permissions ?? []).includes(name) ? true : undefined;
}
