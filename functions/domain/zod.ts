import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The one zod every module uses: zod/mini (tree-shakable functions, 25-43 KiB in a bundle where classic's methods cost
 * ~90 KiB in every function whatever it uses) with classic's English messages, which mini does not load. Field errors
 * in problem+json bodies carry these messages, so they must not fall back to mini's generic "Invalid input". Every
 * module that builds a schema imports zod from here, so no bundle parses without the locale.
 */
config(en());

export * from 'zod/mini';
