import type { components } from '../../../generated/schema';

/** A schema of the bundled spec, by name: the only response types presenters build. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
