import type { CallbackResult, TaskCallbacks, WorkflowStarter } from '../../functions/core/ports';
import { acknowledge, type AcknowledgeDeps } from '../../functions/core/use-cases/acknowledge';
import { applyDueClocks } from '../../functions/core/use-cases/apply-due-clocks';
import { registerStep } from '../../functions/core/use-cases/register-step';
import type { WorkflowNext } from '../../functions/domain/lifecycle/workflow-next';

/** Something the simulated workflow will do at an instant. */
export interface WorkflowTask {
  at: number;
  run: () => Promise<void>;
}

/**
 * The complaint state machine as the simulator runs it: the same steps in the same order as
 * `statemachines/complaint-workflow.ts` (Acknowledge, the first-response wait, Route by step, one callback wait per
 * step with the earliest clock as its timeout, Apply due clocks on a timeout or when the case moved on before the
 * wait registered), each
 * step calling the same use case its Lambda calls. Only the scheduling is the simulator's: tasks go to `schedule`,
 * which runs them on the virtual clock.
 */
export class SimulatedWorkflow implements WorkflowStarter, TaskCallbacks {
  private readonly started = new Set<string>();
  /** The wait each case is parked in: its token. */
  private readonly waits = new Map<string, string>();
  private tokens = 0;

  constructor(
    private readonly deps: AcknowledgeDeps,
    private readonly schedule: (task: WorkflowTask) => void,
  ) {}

  async start(caseId: string): Promise<void> {
    if (this.started.has(caseId)) return; // execution name = case id
    this.started.add(caseId);
    // Acknowledge goes straight to the first-response wait, as the machine does (a case elsewhere is re-routed).
    this.schedule({ at: this.deps.now().getTime(), run: async () => this.wait(caseId, 'firstResponse', await acknowledge(this.deps, caseId)) });
  }

  async complete(taskToken: string, output: { caseId: string } & Record<string, unknown>): Promise<CallbackResult> {
    const caseId = output.caseId;
    if (this.waits.get(caseId) !== taskToken) return 'gone';
    this.waits.delete(caseId);
    const next = output as unknown as Partial<WorkflowNext>;
    // Route by step on the callback's `next`, or re-read the case through Apply due clocks when it carries none.
    this.schedule({ at: this.deps.now().getTime(), run: async () => (next.step ? this.route(caseId, next as WorkflowNext) : this.applyClocks(caseId)) });
    return 'delivered';
  }

  private async route(caseId: string, next: WorkflowNext): Promise<void> {
    if (next.step === 'done' || next.step === 'acknowledge') return;
    await this.wait(caseId, next.step, next);
  }

  /** The callback wait of `step`, timed out after `next.waitSeconds`. */
  private async wait(caseId: string, step: Exclude<WorkflowNext['step'], 'done' | 'acknowledge'>, next: WorkflowNext): Promise<void> {
    const taskToken = `sim-${caseId}-${++this.tokens}`;
    const registered = await registerStep(this.deps, { caseId: caseId, taskToken, step });
    if ('moved' in registered) return this.applyClocks(caseId);
    this.waits.set(caseId, taskToken);
    this.schedule({
      at: this.deps.now().getTime() + next.waitSeconds * 1000,
      run: async () => {
        if (this.waits.get(caseId) !== taskToken) return; // a human completed this wait first
        this.waits.delete(caseId);
        await this.applyClocks(caseId);
      },
    });
  }

  private async applyClocks(caseId: string): Promise<void> {
    await this.route(caseId, await applyDueClocks(this.deps, caseId));
  }
}
