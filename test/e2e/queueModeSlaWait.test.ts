/**
 * SLA Wait in n8n's queue mode, on real processes: a main (`n8n start`, which runs the wait tracker), a webhook
 * process (`n8n webhook`, which serves resume links) and a worker (`n8n worker`, which runs executions), on
 * PostgreSQL and Redis. A worker puts the case to wait; the webhook process resumes it to Met; the main's wait
 * tracker times another out to Breached, which a worker then runs, with its SLA on the item.
 */
import { sleep } from 'n8n-workflow';

import type { Execution } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, nodeOutput } from '../../scripts/n8n-server.cjs';
import { writeJsonFile } from '../support/files.cjs';
import { queueInstance } from '../support/queueServices.cjs';
import { POLL_BOUND_MS, call, slaWorkflow, untilFinished, waitingSla } from './slaWorkflow';

const WORKFLOW = { id: 'cl0slawait0queue', path: 'sla-e2e-queue' };
const WORKER = 'worker';

const workflowsDir = createTempUserFolder('closed-loop-e2e-sla-queue-workflows-');
const instance = queueInstance({
	roles: [
		['main', 'start'],
		['webhook', 'webhook'],
		[WORKER, 'worker'],
	],
	publish: [WORKFLOW.id],
	workflowsDir: workflowsDir.path,
	webhookUrlRole: 'webhook',
});

const knownExecutions = new Set<string>();

/** Opens a case through the webhook process and returns its execution once it waits. */
async function openCase(hours: number): Promise<Execution> {
	const client = instance.main().client;
	const answer = await instance.deliver(instance.server('webhook'), WORKFLOW.path, { hours });
	if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}`);
	for (let waited = 0; waited < 60_000; waited += 500) {
		const fresh = (await client.listExecutions(WORKFLOW.id)).filter((summary) => !knownExecutions.has(summary.id));
		if (fresh.length === 1 && fresh[0].status === 'waiting') {
			knownExecutions.add(fresh[0].id);
			return await client.getExecution(fresh[0].id);
		}
		if (fresh.length === 1 && !['new', 'running', 'waiting'].includes(fresh[0].status)) throw new Error(`the execution ended ${fresh[0].status}`);
		await sleep(500);
	}
	throw new Error('no execution started waiting within 60 s');
}


beforeAll(async () => {
	writeJsonFile(workflowsDir.path, 'sla-queue.json', slaWorkflow(WORKFLOW, false));
	await instance.start();
}, 300_000);

afterAll(async () => {
	await instance.stop();
	workflowsDir.remove();
}, 120_000);

describe('SLA Wait in queue mode (main, webhook process, worker; PostgreSQL and Redis)', () => {
	it('waits after a worker ran it, and resumes to Met through the webhook process', async () => {
		const execution = await openCase(2);
		expect(instance.ranOn(WORKER, [execution.id])).toEqual([execution.id]);
		const { resumeUrl } = waitingSla(execution);
		expect(new URL(resumeUrl).origin).toBe(new URL(instance.server('webhook').baseUrl).origin);

		const answer = await call(resumeUrl, { body: { event: 'resolved', ticket: 77 } });
		expect(answer.status).toBe(200);
		const finished = await untilFinished(instance.main().client, execution.id, 60_000);
		expect(finished.status).toBe('success');
		expect(nodeOutput(finished, 'Close the loop')[0].sla).toMatchObject({ outcome: 'met', event: 'resolved', resumeData: { ticket: 77 } });
		expect(finished.data.resultData.runData['Escalate to coach']).toBeUndefined();
	}, 180_000);

	it('times out to Breached through the main’s wait tracker, with the SLA on the item, once', async () => {
		const execution = await openCase(0.004); // 14.4 s
		const sla = waitingSla(execution);
		const finished = await untilFinished(instance.main().client, execution.id, 14_400 + POLL_BOUND_MS + 15_000);
		expect(finished.status).toBe('success');
		const escalated = nodeOutput(finished, 'Escalate to coach');
		expect(escalated).toHaveLength(1);
		expect(escalated[0].sla).toMatchObject({ outcome: 'breached', breachedAt: sla.dueAt, dueAt: sla.dueAt, policy: 'First contact' });
		expect(finished.data.resultData.runData['Escalate to coach']).toHaveLength(1);
	}, 240_000);
});
