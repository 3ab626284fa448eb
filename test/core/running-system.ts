import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { policyBook } from '../../functions/core/policy-book';
import { loadPolicy } from '../../functions/domain/policy';
import { startSes, type SesCatcher } from '../../local/ses';
import { SIM_STAFF_MAILBOX, simulate } from '../../tools/simulate/run';
import { ScenarioSchema, type ScenarioInput } from '../../tools/simulate/scenario';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

/**
 * The running system for clause proofs: the core's use cases (intake, the workflow's steps through the simulated
 * state machine that routes as the real one does, people's actions) on DynamoDB Local with the real case store, the
 * policy notifier and SES v2 sending to the local SES catcher, on a virtual clock that jumps from one due instant to
 * the next (the scenario's instants, then every timeout the workflow arms, until `until`).
 */

/** A message as the SES catcher keeps it. */
export interface CaughtEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

export type Run = Awaited<ReturnType<typeof simulate>>;

export class RunningSystem {
  private constructor(
    private readonly db: TestDb,
    private readonly ses: SesCatcher,
    readonly store: DynamoCaseStore,
    private readonly mailer: SesMailer,
  ) {}

  static async start(): Promise<RunningSystem> {
    const [db, ses] = await Promise.all([startTestDb(), startSes(0)]);
    const client = new SESv2Client({ endpoint: ses.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    return new RunningSystem(db, ses, new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex), new SesMailer(client, 'complaints@example.com', 'redress-test'));
  }

  /** Replays a scenario under its preset (each test on its own days and customers, so cases never mix). */
  run(scenario: ScenarioInput): Promise<Run> {
    return simulate(policyBook(loadPolicy(scenario.policy)), ScenarioSchema.parse(scenario), { store: this.store, mailer: this.mailer, newId: () => crypto.randomUUID() });
  }

  /** What the SES catcher received for an address (a scenario's customer is `<customer or id>@customer.example`). */
  async mailTo(address: string): Promise<CaughtEmail[]> {
    const res = await fetch(`${this.ses.endpoint}/store`);
    const { emails } = (await res.json()) as { emails: CaughtEmail[] };
    return emails.filter((m) => m.destination.to.includes(address));
  }

  /** Staff notices about one case (they name it by number in the subject). */
  async staffMailAbout(caseNumber: string): Promise<CaughtEmail[]> {
    return (await this.mailTo(SIM_STAFF_MAILBOX)).filter((m) => m.subject.endsWith(`case ${caseNumber}`));
  }

  async stop(): Promise<void> {
    await Promise.all([this.ses.stop(), this.db.stop()]);
  }
}

export const customerAddress = (complaint: string) => `${complaint}@customer.example`;

export function caseOf(run: Run, complaint: string) {
  const found = run.cases.find((c) => c.complaint === complaint);
  if (!found) throw new Error(`no case for complaint "${complaint}" (refused: ${JSON.stringify(run.refused)})`);
  return found;
}

/** When the case's timeline first recorded an event of a type (an ISO instant), if ever. */
export const firstEventAt = (run: Run, complaint: string, type: string) => caseOf(run, complaint).timeline.find((e) => e.type === type)?.at;
