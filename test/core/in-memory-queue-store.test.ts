import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { queueStoreContract } from './queue-store-contract';

const store = new InMemoryCaseStore();
queueStoreContract('in memory', () => store);
