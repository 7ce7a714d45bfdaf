import { SluiceError } from '../core/errors.ts';

/**
 * A catalog operation failed: a name already taken or not found, a table definition that does not
 * hold together (a primary key naming no column), LIKE options that conflict.
 *
 * @example
 * try { catalog.resolve('trades'); } catch (e) { if (e instanceof CatalogError) console.error(e.message); }
 */
export class CatalogError extends SluiceError {}
