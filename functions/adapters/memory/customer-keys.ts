import type { CustomerKeyStore, WrappedCustomerKey } from '../../core/ports';

/** Wrapped per-customer data keys in memory, for the simulator and tests. */
export class InMemoryCustomerKeyStore implements CustomerKeyStore {
  private readonly keys = new Map<string, WrappedCustomerKey>();

  async wrapped(customer: string): Promise<WrappedCustomerKey | undefined> {
    return this.keys.get(customer);
  }

  async keep(customer: string, wrapped: string): Promise<WrappedCustomerKey> {
    if (!this.keys.has(customer)) this.keys.set(customer, { wrapped, boundTo: customer });
    return this.keys.get(customer)!;
  }

  async destroy(customer: string): Promise<boolean> {
    return this.keys.delete(customer);
  }
}
