/**
 * The NPS detractor recovery template on a real n8n server: the pinned runtime, the packed package
 * installed as a community package, the template imported and activated with n8n's CLI, and survey
 * responses POSTed to its production webhook. What the nodes did is read back from n8n's REST API.
 * Alert Rule's owners come from the "Alert owners" Data Table the server set-up creates, read by n8n's
 * own Data Table node; its cooldown must hold across the restart at the end (this process's memory is
 * gone then; n8n's deduplication store, in its database, remembers).
 * An alerted response then waits in SLA Wait (first contact within 2 business days), so its execution
 * ends `waiting`, not `success`: a POST to the item's `sla.resumeUrl` resumes it to Met, before and
 * after the restart.
 *
 * Needs `npm run build` and `node scripts/runtime.mjs ensure` first (`npm run test:e2e` does both).
 * CLOSED_LOOP_KEEP_N8N_DATA=1 keeps the temporary user folder and its n8n.log for inspection.
 */
import type { Execution, N8nServer, WebhookResponse } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, nodeOutput, readWorkflows, sleep, startN8n } from '../../scripts/n8n-server.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';
const CLASSIFY_NODE = 'Score & Classify';
const ALERT_NODE = 'Alert Rule';
const SLA_NODE = 'SLA Wait';
const OUTPUTS = { alert: 0, noAlert: 1, suppressed: 2 } as const;
/** Where an execution stops for these tests: finished, or waiting in SLA Wait. */
const SETTLED = new Set(['success', 'error', 'crashed', 'canceled', 'waiting']);

const frenchDetractor = {
	responseId: 'e2e-fr-0001',
	score: 3,
	comment: 'Livraison en retard de trois jours et personne ne répond au téléphone',
	email: 'Claire.Martin@Exemple.FR',
	touchpoint: 'delivery',
};

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;

/** The server, or a failure that says why there is none (beforeAll's own error is reported too). */
function n8n(): N8nServer {
	if (!server) throw new Error('n8n did not start; see the beforeAll error above');
	return server;
}

/** The one execution started since `before`, once it has finished or is waiting in SLA Wait. */
async function newExecution(before: Array<{ id: string }>, timeoutMs = 30_000): Promise<Execution> {
	const { client } = n8n();
	for (let waited = 0; waited < timeoutMs; waited += 250) {
		const added = (await client.listExecutions(WORKFLOW_ID)).filter((summary) => !before.some((old) => old.id === summary.id));
		if (added.length > 1) throw new Error(`expected one new execution, found ${added.length}`);
		if (added.length === 1 && SETTLED.has(added[0].status)) return await client.getExecution(added[0].id);
		await sleep(250);
	}
	throw new Error(`no new execution finished or started waiting within ${timeoutMs} ms`);
}

/** Polls an execution until it is no longer running or waiting. */
async function untilFinished(executionId: string, timeoutMs = 30_000): Promise<Execution> {
	const { client } = n8n();
	for (let waited = 0; waited < timeoutMs; waited += 250) {
		const execution = await client.getExecution(executionId);
		if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
		await sleep(250);
	}
	throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms`);
}

/** The SLA record on the item that waits in SLA Wait (what the node wrote before waiting). */
function waitingSla(execution: Execution) {
	const [item] = nodeOutput(execution, SLA_NODE, { output: 0 });
	return item.sla as { resumeUrl: string; dueAt: string; startedAt: string; policy: string; outcome: string; atRiskAt: string };
}

/** Resumes a waiting execution as a helpdesk would, with a JSON POST to the item's resume URL. */
async function resume(resumeUrl: string, body: Record<string, unknown>) {
	const response = await fetch(resumeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Posts one response and returns its execution, once finished or waiting. */
async function respond(body: Record<string, unknown>): Promise<Execution> {
	const { client } = n8n();
	const before = await client.listExecutions(WORKFLOW_ID);
	const answer = await client.postWebhook(WEBHOOK_PATH, body);
	if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return await newExecution(before);
}

/** Where Alert Rule sent the response, and its `alert` record. An alert waits in SLA Wait; the rest end there. */
function decided(execution: Execution) {
	const expected = nodeOutput(execution, ALERT_NODE, { output: OUTPUTS.alert }).length > 0 ? 'waiting' : 'success';
	if (execution.status !== expected) {
		throw new Error(`the execution ended ${execution.status}, not ${expected}: ${JSON.stringify(execution.data.resultData.error ?? {})}`);
	}
	const found = (Object.entries(OUTPUTS) as Array<[keyof typeof OUTPUTS, number]>).flatMap(([name, output]) =>
		nodeOutput(execution, ALERT_NODE, { output }).map((item) => ({ output: name, alert: item.alert })),
	);
	if (found.length !== 1) throw new Error(`expected one item out of Alert Rule, found ${found.length}`);
	return found[0];
}

const lateDelivery = {
	responseId: 'e2e-alert-0001',
	score: 2,
	comment: 'Livraison en retard de trois jours, personne ne répond',
	email: 'Nadia.Benali@Exemple.FR',
	touchpoint: 'delivery',
	store: 'Lyon',
	locale: 'fr-FR',
};

beforeAll(async () => {
	userFolder = createTempUserFolder('closed-loop-e2e-');
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({ userFolder: userFolder.path, port, brokerPort, publish: [WORKFLOW_ID] });
}, 300_000);

afterAll(async () => {
	await server?.stop();
	userFolder?.remove();
}, 60_000);

describe('NPS detractor recovery on a real n8n server', () => {
	it('uses the webhook path the template declares', () => {
		const template = readWorkflows().find((workflow) => workflow.id === WORKFLOW_ID);
		const trigger = template?.nodes.find((node) => node.type === 'n8n-nodes-closed-loop.surveyTrigger');
		expect(trigger?.parameters.path).toBe(WEBHOOK_PATH);
	});

	it('was started only once n8n served that path, which the server library checks without running anything', async () => {
		const { client } = n8n();
		await expect(client.waitForWebhook(WEBHOOK_PATH, { timeoutMs: 1000 })).resolves.toBeUndefined();
		await expect(client.waitForWebhook('no-workflow-has-this-path', { timeoutMs: 1000 })).rejects.toThrow(/did not register/);
	});

	describe('a French detractor response', () => {
		let answer: WebhookResponse;
		let execution: Execution;

		beforeAll(async () => {
			const { client } = n8n();
			const before = await client.listExecutions(WORKFLOW_ID);
			answer = await client.postWebhook(WEBHOOK_PATH, frenchDetractor);
			execution = await newExecution(before);
		}, 60_000);

		it('is answered with HTTP 200 and the Survey Trigger’s own JSON, so the sender can log the feedback id', () => {
			expect({ status: answer.status, body: answer.body }).toEqual({
				status: 200,
				body: { status: 'accepted', feedbackId: expect.any(String), revision: 1 },
			});
		});

		it('runs from the trigger through Alert Rule and the senders, which ship turned off, then waits in SLA Wait', () => {
			expect(execution).toMatchObject({ status: 'waiting', mode: 'webhook', workflowId: WORKFLOW_ID });
			expect(Object.keys(execution.data.resultData.runData).sort()).toEqual(
				[
					'Alert Rule',
					'Alerts, once sent',
					'Create Case',
					'Email the owner',
					'Post to Slack',
					'Read alert owners',
					'Responses, once owners are read',
					CLASSIFY_NODE,
					SLA_NODE,
					'Survey Trigger',
				].sort(),
			);
			// A node that is off passes its input on without running: the alert, unsent.
			expect(nodeOutput(execution, 'Email the owner').map((item) => item.alert)).toEqual(nodeOutput(execution, 'Alert Rule').map((item) => item.alert));
		});

		it('waits until the first-contact deadline, two business days away, with the resume link on the item', () => {
			const sla = waitingSla(execution);
			expect(sla).toMatchObject({ policy: 'First contact within 2 business days', outcome: 'breached' });
			expect(Date.parse((execution as unknown as { waitTill: string }).waitTill)).toBe(Date.parse(sla.dueAt));
			// Two business days are at least 18 open hours, and at most 2 days plus a weekend and holidays away.
			expect(Date.parse(sla.dueAt) - Date.parse(sla.startedAt)).toBeGreaterThanOrEqual(18 * 3_600_000);
			expect(Date.parse(sla.atRiskAt)).toBeLessThan(Date.parse(sla.dueAt));
			expect(new URL(sla.resumeUrl).pathname).toBe(`/webhook-waiting/${execution.id}/sla`);
		});

		it('closes the loop when the owner’s helpdesk resumes it: Met, and the loop-closed step ran', async () => {
			const { resumeUrl } = waitingSla(execution);
			const answer = await resume(resumeUrl, { event: 'resolved', by: 'helpdesk' });
			expect(answer).toEqual({ status: 200, body: expect.objectContaining({ resumed: true, event: 'resolved', outcome: 'met' }) });
			const finished = await untilFinished(execution.id);
			expect(finished.status).toBe('success');
			const [closed] = nodeOutput(finished, 'Loop closed');
			expect(closed.sla).toMatchObject({ outcome: 'met', event: 'resolved', breachedAt: null, resumeData: { by: 'helpdesk' } });
			expect(closed.feedback.sourceEventId).toBe(frenchDetractor.responseId);
			expect(finished.data.resultData.runData['Email the coach']).toBeUndefined();
		}, 60_000);

		it('is classified as an NPS detractor by Score & Classify', () => {
			const items = nodeOutput(execution, CLASSIFY_NODE);
			expect(items).toHaveLength(1);
			expect(items[0].classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
			expect(items[0].classification.metrics).toEqual([
				expect.objectContaining({ type: 'nps', score: 3, category: 'detractor' }),
			]);
		});

		it('reads the French comment: negative sentiment, delivery topic, a P1 bad experience', () => {
			const [item] = nodeOutput(execution, CLASSIFY_NODE);
			expect(item.classification).toMatchObject({
				sentiment: { label: 'negative', language: 'fr' },
				badExperience: true,
				priority: 'P1',
			});
			expect(item.classification.topics).toContainEqual(expect.objectContaining({ topic: 'delivery', label: 'Livraison' }));
		});

		it('keeps the feedback: comment, lower-cased email, source event id and score', () => {
			const [item] = nodeOutput(execution, CLASSIFY_NODE);
			expect(item.feedback).toMatchObject({
				source: 'custom-json',
				sourceEventId: frenchDetractor.responseId,
				comment: frenchDetractor.comment,
				touchpoint: 'delivery',
				respondent: { email: 'claire.martin@exemple.fr' },
				metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10 }],
			});
			expect(item.feedback.id).toEqual(expect.any(String));
		});

		it('answers with the same feedback id the item carries', () => {
			const [item] = nodeOutput(execution, CLASSIFY_NODE);
			expect(answer.body?.feedbackId).toBe(item.feedback.id);
		});
	});

	it('refuses a score of 42 with HTTP 400 naming the field, and starts no execution', async () => {
		const { client } = n8n();
		const before = await client.listExecutions(WORKFLOW_ID);

		const refused = await client.postWebhook(WEBHOOK_PATH, { ...frenchDetractor, responseId: 'e2e-fr-0042', score: 42 });

		expect(refused.status).toBe(400);
		expect(refused.body).toEqual({
			status: 'rejected',
			error: 'invalid_survey_response',
			field: 'score',
			message: expect.stringContaining('42'),
		});

		// A good response sent afterwards is a barrier: once its execution has finished, an execution
		// started by the refused one would be listed too. Exactly one new execution, the good one.
		const accepted = await client.postWebhook(WEBHOOK_PATH, { ...frenchDetractor, responseId: 'e2e-fr-0043' });
		expect(accepted.status).toBe(200);
		const settled = await newExecution(before);
		const all = await client.listExecutions(WORKFLOW_ID);
		const added = all.filter((execution) => !before.some((old) => old.id === execution.id));
		expect(added.map((execution) => execution.id)).toEqual([settled.id]);
		const [item] = nodeOutput(settled, CLASSIFY_NODE);
		expect(item.feedback.sourceEventId).toBe('e2e-fr-0043');
	});
});

/** An alerted execution left waiting here, resumed after the restart at the end. */
let waitingAcrossRestart: Execution | undefined;

describe('Alert Rule in the template', () => {
	let first: ReturnType<typeof decided>;

	beforeAll(async () => {
		waitingAcrossRestart = await respond(lateDelivery);
		first = decided(waitingAcrossRestart);
	}, 60_000);

	it('alerts the delivery desk about a late delivery, in French, with a masked copy for Slack', () => {
		expect(first.output).toBe('alert');
		expect(first.alert).toMatchObject({
			outcome: 'alert',
			rule: 'Late delivery',
			owner: { name: 'Delivery desk', email: 'delivery-desk@example.com' },
			coach: { name: 'Head of logistics' },
			message: { language: 'fr' },
		});
		expect(first.alert.message.text).toContain('nadia.benali@exemple.fr');
		expect(JSON.stringify(first.alert.message.shared)).not.toContain('nadia.benali@exemple.fr');
	});

	it('routes another customer’s store detractor to the owner in the Alert owners Data Table', async () => {
		const other = decided(
			await respond({ responseId: 'e2e-alert-0002', score: 4, comment: 'Vendeur désagréable', email: 'marc@exemple.fr', touchpoint: 'store', store: 'Paris' }),
		);
		expect(other).toMatchObject({
			output: 'alert',
			alert: { rule: 'Detractor', owner: { name: 'Hugo Petit', email: 'hugo.petit@example.com' }, route: 'feedback.hidden.store is "Paris"' },
		});
	}, 60_000);

	it('suppresses a second response from the same customer within the cooldown, with the first alert’s time', async () => {
		const second = decided(await respond({ ...lateDelivery, responseId: 'e2e-alert-0003', email: 'nadia.benali@exemple.fr' }));
		expect(second.output).toBe('suppressed');
		expect(second.alert).toMatchObject({ outcome: 'suppressed', rule: 'Late delivery', earlierAlertAt: first.alert.at, message: null });
	}, 60_000);
});

// Last, as it replaces the n8n process the tests above used.
describe('the same server after restart() (scripts/n8n-server.cjs)', () => {
	it('is a new n8n process on the same URL and data, with the template still published and answering', async () => {
		const instance = n8n();
		const { client } = instance;
		const executionsBefore = await client.listExecutions(WORKFLOW_ID);
		expect(executionsBefore.length).toBeGreaterThan(0);
		const before = { pid: instance.pid, baseUrl: instance.baseUrl, exited: instance.exited };

		await instance.restart();

		await expect(before.exited).resolves.toHaveProperty('code');
		expect(instance.pid).not.toBe(before.pid);
		expect(instance.baseUrl).toBe(before.baseUrl);
		expect(instance.startupMs).toBeGreaterThan(0);
		// The same client, logged in again: the executions from before the restart are still there.
		expect((await client.listExecutions(WORKFLOW_ID)).map((execution) => execution.id)).toEqual(executionsBefore.map((execution) => execution.id));
		const answer = await client.postWebhook(WEBHOOK_PATH, { ...frenchDetractor, responseId: 'e2e-fr-after-restart' });
		expect(answer.status).toBe(200);
		const settled = await newExecution(executionsBefore);
		// The same customer as the first French detractor, within the cooldown: suppressed, so nothing waits.
		expect(settled.status).toBe('success');
		expect(decided(settled).output).toBe('suppressed');
		expect(nodeOutput(settled, CLASSIFY_NODE)[0].feedback.sourceEventId).toBe('e2e-fr-after-restart');
	}, 240_000);
	it('resumes an alert that was waiting before the restart to Met: the wait is in n8n’s database', async () => {
		if (!waitingAcrossRestart) throw new Error('the Alert Rule tests above left no waiting execution');
		expect((await n8n().client.getExecution(waitingAcrossRestart.id)).status).toBe('waiting');
		const answer = await resume(waitingSla(waitingAcrossRestart).resumeUrl, { event: 'resolved' });
		expect(answer.status).toBe(200);
		const finished = await untilFinished(waitingAcrossRestart.id);
		expect(finished.status).toBe('success');
		expect(nodeOutput(finished, 'Loop closed')[0].sla).toMatchObject({ outcome: 'met', event: 'resolved' });
	}, 60_000);
	it('still suppresses Alert Rule’s earlier customer after the restart: the cooldown is in n8n’s database', async () => {
		const third = decided(await respond({ ...lateDelivery, responseId: 'e2e-alert-0004' }));
		expect(third.output).toBe('suppressed');
		expect(third.alert.reason).toContain('before a restart or by another n8n process');
		// A customer nobody was alerted about still alerts.
		const fresh = decided(await respond({ ...lateDelivery, responseId: 'e2e-alert-0005', email: 'new.customer@exemple.fr' }));
		expect(fresh.output).toBe('alert');
	}, 240_000);
});
