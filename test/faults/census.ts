// The fault suite's one way of counting what became of the accepted complaints. It reads only what an operator
// could read from outside the stack (DynamoDB, the Step Functions API, the SES catcher's store), through their
// endpoints, so the same census works on an in-process stack and on one running in a child process.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { lifecycleOf, type Case } from '../../functions/domain/case';
import { isFinal } from '../../functions/domain/lifecycle/model';
import { stepOf } from '../../functions/domain/lifecycle/signals';
import { WaitStates } from '../../statemachines/state-names';
import { executionName, MAX_RESTARTS } from '../../functions/core/use-cases/reconcile';

export interface Accepted {
  id: string;
  caseNumber: string;
  /** the customer's address (each complaint of the suite has its own) */
  email: string;
}

export interface StackEndpoints {
  dynamodb: string;
  stepfunctions: string;
  sesStore: string;
  region: string;
  tableName: string;
  stateMachineArn: string;
  supervisorAddress: string;
  /** the policy's acknowledgment subject template (`{{caseNumber}}` in it) */
  acknowledgmentSubject: string;
}

/** One fault's line of the table. */
export interface Census {
  fault: string;
  accepted: number;
  /** a RUNNING execution, or one that SUCCEEDED with the case final */
  live: number;
  /** no live execution, but `needsAttention` on the case and a supervisor mail naming it */
  flagged: number;
  /** neither: nobody drives the case and nobody knows */
  lost: number;
  /** a RUNNING execution parked on the wait of a step the case has left */
  staleWait: number;
  /** the same customer mail (subject and text) caught more than once */
  duplicateMails: number;
  /** an acknowledged case whose customer got no acknowledgment */
  missingMails: number;
  /** per case, what was wrong (for the failure message) */
  problems: string[];
}

interface CaughtMail {
  subject?: string;
  destination?: { to?: string[] };
  body?: { text?: string };
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const STEP_OF_WAIT = new Map<string, string>(Object.entries(WaitStates).map(([step, state]) => [state, step]));

/** The last state a running execution entered (where it is now). */
async function currentState(sfn: SFNClient, executionArn: string): Promise<string | undefined> {
  const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1000 }));
  return h.events?.find((e) => e.type?.endsWith('StateEntered'))?.stateEnteredEventDetails?.name;
}

export async function takeCensus(fault: string, at: StackEndpoints, accepted: readonly Accepted[]): Promise<Census> {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: at.dynamodb, region: at.region, credentials }));
  const sfn = new SFNClient({ endpoint: at.stepfunctions, region: at.region, credentials });
  const executionArn = (name: string) => `${at.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const census: Census = { fault, accepted: accepted.length, live: 0, flagged: 0, lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0, problems: [] };
  try {
    const { emails } = (await (await fetch(at.sesStore)).json()) as { emails: CaughtMail[] };
    const supervisorMail = emails.filter((m) => m.destination?.to?.includes(at.supervisorAddress)).map((m) => `${m.subject ?? ''}\n${m.body?.text ?? ''}`);
    for (const a of accepted) {
      const item = (await db.send(new GetCommand({ TableName: at.tableName, Key: { pk: `CASE#${a.id}`, sk: 'CASE' } }))).Item as Case | undefined;
      if (!item) {
        census.lost++;
        census.problems.push(`${a.caseNumber}: answered 201 but no case in the table`);
        continue;
      }
      // The newest execution of the case: its own name, then the reconciler's restarts.
      let latest: { name: string; status: string } | undefined;
      for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
        const name = executionName(a.id, attempt);
        const e = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(name) })).catch(() => undefined);
        if (!e) break;
        latest = { name, status: e.status ?? 'UNKNOWN' };
      }
      const live = latest !== undefined && (latest.status === 'RUNNING' || (latest.status === 'SUCCEEDED' && isFinal(item.status)));
      // The alert names the case by number, or by id when the store could not be read for the number.
      const flagged = item.needsAttention !== undefined && supervisorMail.some((m) => m.includes(item.caseNumber) || m.includes(item.id));
      if (live) census.live++;
      else if (flagged) census.flagged++;
      else {
        census.lost++;
        census.problems.push(`${a.caseNumber}: ${item.status}, execution ${latest ? `${latest.name} ${latest.status}` : 'none'}, ${item.needsAttention ? 'flagged without a supervisor mail' : 'not flagged'}`);
      }
      if (latest?.status === 'RUNNING') {
        const state = await currentState(sfn, executionArn(latest.name));
        const waitingOn = state && STEP_OF_WAIT.get(state);
        const here = stepOf(lifecycleOf(item));
        if (waitingOn !== undefined && waitingOn !== here) {
          census.staleWait++;
          census.problems.push(`${a.caseNumber}: the case is at ${here} but its execution waits in "${state}"`);
        }
      }
      const mine = emails.filter((m) => m.destination?.to?.includes(a.email)).map((m) => `${m.subject ?? ''}\n${m.body?.text ?? ''}`);
      const repeated = mine.filter((m, i) => mine.indexOf(m) !== i).length;
      if (repeated > 0) {
        census.duplicateMails += repeated;
        census.problems.push(`${a.caseNumber}: ${repeated} duplicate customer mail(s): ${[...new Set(mine.filter((m, i) => mine.indexOf(m) !== i))].map((m) => m.split('\n')[0]).join('; ')}`);
      }
      const acknowledgment = at.acknowledgmentSubject.replace('{{caseNumber}}', item.caseNumber);
      if (item.acknowledgedAt !== undefined && !mine.some((m) => m.startsWith(`${acknowledgment}\n`))) {
        census.missingMails++;
        census.problems.push(`${a.caseNumber}: acknowledged but the customer got no acknowledgment`);
      }
    }
  } finally {
    db.destroy();
    sfn.destroy();
  }
  return census;
}

const COLUMNS = ['fault', 'accepted', 'live', 'flagged', 'lost', 'staleWait', 'duplicateMails', 'missingMails'] as const;

/** The census as table rows, the header first. */
export function formatCensus(rows: readonly Census[]): string {
  const cells = [COLUMNS.map(String), ...rows.map((r) => COLUMNS.map((c) => String(r[c])))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => `| ${row.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`).join('\n');
}
