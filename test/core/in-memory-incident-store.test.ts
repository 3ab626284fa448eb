import { InMemoryIncidentStore } from '../../functions/adapters/memory/incident-store';
import { incidentStoreContract } from './incident-store-contract';

const store = new InMemoryIncidentStore();
incidentStoreContract('in memory', () => store);
