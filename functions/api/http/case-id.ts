/** Case ids are UUIDs; anything else cannot name a case, so it is answered like a missing one without a read. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isCaseId = (id: string): boolean => UUID.test(id);
