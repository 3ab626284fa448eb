import * as z from './zod';

const currencies = new Set(Intl.supportedValuesOf('currency'));

/**
 * Money is an integer amount of the currency's minor unit (kobo, cents) plus its ISO 4217 code.
 * Never a float: 0.1 + 0.2 is not a refund amount anyone wants to explain.
 */
export const MoneySchema = z.strictObject({
    amountMinor: z.number().check(z.int('must be a whole number of minor units'), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER)),
    currency: z.string().check(z.refine((c) => currencies.has(c), 'must be an ISO 4217 currency code, e.g. NGN or USD')),
  });
export type Money = z.infer<typeof MoneySchema>;
