/**
 * SLA Wait on a real n8n server (the pinned runtime, SQLite, the packed package): executions really wait in n8n's
 * database, are resumed by their resume link, time out to Breached, and survive a restart.
 *
 * Two workflows: a Webhook starts an SLA Wait whose duration (calendar hours) comes from the request, with
 * Breached → "Escalate to coach" and Met → "Close the loop". The second asks resume calls for a secret header.
 * n8n checks waits once a minute, so a breach may come up to ~70 s after its deadline: the bounds below say so.
 *
 * Needs `npm run build` and `node scripts/runtime.mjs ensure` first (`npm run test:e2e` does both).
 */
import { sleep } from 'n8n-workflow';

import type { Execution, N8nServer } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, nodeOutput, startN8n } from '../../scripts/n8n-server.cjs';
import { writeJsonFile } from '../support/files.cjs';
import { POLL_BOUND_MS, SECRET, CREDENTIAL, call, slaWorkflow, untilFinished, waitingSla } from './slaWorkflow';

const OPEN = { id: 'cl0slawait0open1', path: 'sla-e2e-open' };
const GUARDED = { id: 'cl0slawait0guard', path: 'sla-e2e-guarded' };

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;

function n8n(): N8nServer {
	if (!server) throw new Error('n8n did not start; see the beforeAll error above');
	return server;
}

/** Opens a case and returns its execution once n8n has saved it waiting. */
async function openCase(workflow: { id: string; path: string }, hours: number): Promise<Execution> {
	const { client } = n8n();
	const before = await client.listExecutions(workflow.id);
	const answer = await client.postWebhook(workflow.path, { hours, caseId: `case-${Date.now()}` });
	if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	for (let waited = 0; waited < 30_000; waited += 250) {
		const added = (await client.listExecutions(workflow.id)).filter((summary) => !before.some((old) => old.id === summary.id));
		if (added.length === 1 && added[0].status === 'waiting') return await client.getExecution(added[0].id);
		if (added.length === 1 && !['new', 'running', 'waiting'].includes(added[0].status)) {
			throw new Error(`the execution ended ${added[0].status} instead of waiting`);
		}
		await sleep(250);
	}
	throw new Error('no execution started waiting within 30 s');
}

async function statusOf(executionId: string): Promise<Execution> {
	return await n8n().client.getExecution(executionId);
}


beforeAll(async () => {
	userFolder = createTempUserFolder('closed-loop-e2e-sla-');
	const workflowsDir = `${userFolder.path}/import`;
	writeJsonFile(workflowsDir, 'sla-open.json', slaWorkflow(OPEN, false));
	writeJsonFile(workflowsDir, 'sla-guarded.json', slaWorkflow(GUARDED, true));
	const credentialsFile = writeJsonFile(userFolder.path, 'credentials.json', [
		{ ...CREDENTIAL, type: 'slaResumeSecretApi', data: { headerName: SECRET.header, secret: SECRET.value } },
	]);
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({ userFolder: userFolder.path, port, brokerPort, workflowsDir, credentialsFile, publish: [OPEN.id, GUARDED.id] });
}, 300_000);

afterAll(async () => {
	await server?.stop();
	userFolder?.remove();
}, 60_000);

describe('SLA Wait on a real n8n server', () => {
	it('puts the execution to wait in the database until the deadline, with its resume link on the item', async () => {
		const opened = Date.now();
		const execution = await openCase(OPEN, 2);
		const sla = waitingSla(execution);
		expect(execution.status).toBe('waiting');
		expect(Date.parse((execution as unknown as { waitTill: string }).waitTill)).toBe(Date.parse(sla.dueAt));
		expect(Date.parse(sla.dueAt) - Date.parse(sla.startedAt)).toBe(2 * 3_600_000);
		expect(Date.parse(sla.startedAt)).toBeGreaterThanOrEqual(opened - 1000);
		expect(new URL(sla.resumeUrl).pathname).toBe(`/webhook-waiting/${execution.id}/sla`);
		expect(new URL(sla.resumeUrl).searchParams.get('signature')).toMatch(/\w{16,}/);
	}, 60_000);

	it('answers a GET of the resume link with a confirmation page and keeps waiting; the page’s POST resumes to Met', async () => {
		const execution = await openCase(OPEN, 2);
		const { resumeUrl } = waitingSla(execution);
		const page = await call(`${resumeUrl}&event=customerReplied`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
		expect(page.status).toBe(200);
		expect(page.type).toMatch(/text\/html/);
		expect(page.text).toContain('Le client a répondu');
		expect(page.text).toContain('<form method="post"');
		// A mail scanner that opens the link twice resumes nothing.
		await call(resumeUrl);
		expect((await statusOf(execution.id)).status).toBe('waiting');

		const confirmed = await call(resumeUrl, { form: { event: 'customerReplied' } });
		expect(confirmed.status).toBe(200);
		expect(confirmed.text).toMatch(/Thank you|Merci/);
		const finished = await untilFinished(n8n().client, execution.id, 30_000);
		expect(finished.status).toBe('success');
		const [closed] = nodeOutput(finished, 'Close the loop');
		expect(closed.sla).toMatchObject({ outcome: 'met', event: 'customerReplied', breachedAt: null, policy: 'First contact' });
		expect(nodeOutput(finished, 'SLA Wait', { output: 0 })).toEqual([]);
		expect(finished.data.resultData.runData['Escalate to coach']).toBeUndefined();
	}, 90_000);

	it('resumes from a JSON POST to Met, keeps the body on the item, and a second call gets n8n’s 4xx', async () => {
		const execution = await openCase(OPEN, 2);
		const { resumeUrl } = waitingSla(execution);
		const answer = await call(resumeUrl, { body: { event: 'resolved', by: 'zendesk', ticket: 4512 } });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toMatchObject({ resumed: true, event: 'resolved', outcome: 'met' });
		const finished = await untilFinished(n8n().client, execution.id, 30_000);
		const [closed] = nodeOutput(finished, 'Close the loop');
		expect(closed.sla).toMatchObject({ outcome: 'met', event: 'resolved', resumeData: { by: 'zendesk', ticket: 4512 } });
		expect(Date.parse(closed.sla.resolvedAt)).toBeLessThanOrEqual(Date.parse(closed.sla.dueAt));
		expect(closed.body).toMatchObject({ hours: 2 });

		const again = await call(resumeUrl, { body: { event: 'resolved' } });
		expect(again.status).toBeGreaterThanOrEqual(400);
		expect(again.status).toBeLessThan(500);
	}, 90_000);

	it('refuses a wrong or missing secret header with 401 and keeps waiting; the right one resumes', async () => {
		const execution = await openCase(GUARDED, 2);
		const { resumeUrl } = waitingSla(execution);
		const wrong = await call(resumeUrl, { body: { event: 'resolved' }, headers: { [SECRET.header]: 'not-the-secret' } });
		expect(wrong.status).toBe(401);
		expect(wrong.text).not.toContain(SECRET.value);
		const missing = await call(resumeUrl, { body: { event: 'resolved' } });
		expect(missing.status).toBe(401);
		expect((await statusOf(execution.id)).status).toBe('waiting');

		const right = await call(resumeUrl, { body: { event: 'resolved' }, headers: { [SECRET.header]: SECRET.value } });
		expect(right.status).toBe(200);
		const finished = await untilFinished(n8n().client, execution.id, 30_000);
		expect(nodeOutput(finished, 'Close the loop')[0].sla).toMatchObject({ outcome: 'met' });
	}, 90_000);

	it('refuses a signature n8n did not issue with n8n’s own 401, and an unknown execution with its 404', async () => {
		const execution = await openCase(OPEN, 2);
		const forged = new URL(waitingSla(execution).resumeUrl);
		forged.searchParams.set('signature', 'forged-token');
		expect((await call(forged.toString(), { body: { event: 'resolved' } })).status).toBe(401);
		expect((await statusOf(execution.id)).status).toBe('waiting');
		// An execution n8n does not know.
		const unknown = new URL(waitingSla(execution).resumeUrl);
		unknown.pathname = '/webhook-waiting/999999/sla';
		expect((await call(unknown.toString(), { body: { event: 'resolved' } })).status).toBe(404);
	}, 60_000);

	it('breaches a short SLA on time: Breached carries the SLA data, and nothing reaches Met', async () => {
		const execution = await openCase(OPEN, 0.004); // 14.4 s
		const sla = waitingSla(execution);
		const finished = await untilFinished(n8n().client, execution.id, 14_400 + POLL_BOUND_MS);
		expect(finished.status).toBe('success');
		const [escalated] = nodeOutput(finished, 'Escalate to coach');
		expect(escalated.sla).toMatchObject({
			policy: 'First contact',
			dueAt: sla.dueAt,
			outcome: 'breached',
			breachedAt: sla.dueAt,
			resolvedAt: null,
		});
		expect(finished.data.resultData.runData['Close the loop']).toBeUndefined();
		const lateness = Date.parse(finished.stoppedAt as string) - Date.parse(sla.dueAt);
		expect(lateness).toBeGreaterThanOrEqual(0);
		expect(lateness).toBeLessThan(POLL_BOUND_MS);
	}, 14_400 + POLL_BOUND_MS + 40_000);

	it('survives a restart: stopped while waiting, started after the deadline, the execution ends on Breached', async () => {
		const execution = await openCase(OPEN, 0.003); // 10.8 s
		const sla = waitingSla(execution);
		await n8n().restart({ downMs: Math.max(0, Date.parse(sla.dueAt) - Date.now() + 2000) });
		const finished = await untilFinished(n8n().client, execution.id, POLL_BOUND_MS);
		expect(finished.status).toBe('success');
		expect(nodeOutput(finished, 'Escalate to coach')[0].sla).toMatchObject({ outcome: 'breached', breachedAt: sla.dueAt });
	}, 300_000);
});
