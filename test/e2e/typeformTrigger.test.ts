/**
 * The Typeform template on a real n8n server. A loopback stand-in for Typeform's webhook API
 * receives the registration n8n makes when it activates the workflow; the test then signs
 * deliveries with the secret n8n registered, as Typeform would, and reads the executions back
 * through n8n's REST API.
 *
 * Needs `npm run build` and `node scripts/runtime.mjs ensure` first (`npm run test:e2e` does both).
 */
import { createHmac } from 'crypto';

import type { ExecutionSummary, N8nServer } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, nodeOutput, readDataTableSeeds, readWorkflows, sleep, startN8n } from '../../scripts/n8n-server.cjs';
import type { FakeTypeform } from '../support/fakeTypeform.cjs';
import { startFakeTypeform } from '../support/fakeTypeform.cjs';
import { readJsonFile, writeJsonFile } from '../support/files.cjs';
import { readJsonFixture } from '../support/fixtures.cjs';

const WORKFLOW_ID = 'cl0nps0detract0r';
const WEBHOOK_PATH = 'nps-detractor-recovery';
const FORM_ID = 'Lm4sPq9w';
const ACCESS_TOKEN = 'tfp_e2e_example_token';
const CREDENTIAL = { id: 'e2eTypeformCred1', name: 'Typeform (e2e stand-in)' };

let server: N8nServer | undefined;
let typeform: FakeTypeform | undefined;
let userFolder: { path: string; remove(): void } | undefined;

function n8n(): N8nServer {
	if (!server) throw new Error('n8n did not start; see the beforeAll error above');
	return server;
}

/** A Typeform delivery of the French fixture with its own event id and response token. */
function delivery(eventId: string) {
	const event = readJsonFixture('typeform/french-response.json');
	event.event_id = eventId;
	event.form_response.token = `token-${eventId}`;
	return JSON.stringify(event);
}

function signed(body: string, secret = typeform?.webhook(FORM_ID)?.secret ?? '') {
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'typeform-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`,
		},
	};
}

async function executionsNow(): Promise<ExecutionSummary[]> {
	return await n8n().client.listExecutions(WORKFLOW_ID, { limit: 100 });
}

/** Sends a good delivery after the ones under test and waits for it: a barrier for stray executions. */
async function barrier(before: ExecutionSummary[], expectedNew: number): Promise<ExecutionSummary[]> {
	const { client } = n8n();
	const answer = await client.deliver(WEBHOOK_PATH, signed(delivery(`barrier-${before.length}-${expectedNew}`)));
	expect(answer.status).toBe(200);
	await client.waitForExecutions(WORKFLOW_ID, { count: before.length + expectedNew + 1, timeoutMs: 30_000, waitingIsSettled: true });
	const all = await executionsNow();
	return all.filter((execution) => !before.some((old) => old.id === execution.id));
}

beforeAll(async () => {
	typeform = await startFakeTypeform({ token: ACCESS_TOKEN });
	userFolder = createTempUserFolder('closed-loop-e2e-typeform-');
	// The shipped template, with what the admin sets in the editor: the form and the credential.
	const template = readWorkflows().find((workflow) => workflow.id === WORKFLOW_ID);
	if (!template) throw new Error(`workflows/ has no workflow ${WORKFLOW_ID}`);
	const workflowsDir = `${userFolder.path}/import`;
	const workflow = readJsonFile(template.file);
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-closed-loop.surveyTrigger') continue;
		node.parameters.formId = FORM_ID;
		node.credentials = { closedLoopTypeformApi: CREDENTIAL };
	}
	writeJsonFile(workflowsDir, 'nps-detractor-recovery.json', workflow);
	const credentialsFile = writeJsonFile(userFolder.path, 'credentials.json', [
		{ ...CREDENTIAL, type: 'closedLoopTypeformApi', data: { accessToken: ACCESS_TOKEN, baseUrl: typeform.baseUrl } },
	]);
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({
		userFolder: userFolder.path,
		port,
		brokerPort,
		workflowsDir,
		// The template reads its owners from the Data Table the repository seeds.
		dataTables: readDataTableSeeds(),
		credentialsFile,
		publish: [WORKFLOW_ID],
	});
	// n8n lists the workflow as active before it has finished registering its webhooks.
	for (let waited = 0; !typeform.webhook(FORM_ID) && waited < 30_000; waited += 250) await sleep(250);
}, 300_000);

afterAll(async () => {
	await server?.stop();
	await typeform?.close();
	userFolder?.remove();
}, 60_000);

describe('Typeform Survey Trigger on a real n8n server', () => {
	it('registered its webhook with Typeform when n8n activated the workflow', () => {
		const webhook = typeform?.webhook(FORM_ID);
		expect(webhook).toMatchObject({
			enabled: true,
			secret: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(new URL(webhook!.url).pathname).toBe(`/webhook/${WEBHOOK_PATH}`);
		expect(typeform?.requests.every((request) => request.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
	});

	it('starts one execution for a correctly signed delivery and classifies the French detractor', async () => {
		const { client } = n8n();
		const before = await executionsNow();
		const answer = await client.deliver(WEBHOOK_PATH, signed(delivery('e2e-signed-1')));
		expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', feedbackId: 'typeform:token-e2e-signed-1' } });

		const finished = await client.waitForExecutions(WORKFLOW_ID, { count: before.length + 1, waitingIsSettled: true });
		const added = finished.filter((execution) => !before.some((old) => old.id === execution.id));
		expect(added).toHaveLength(1);
		const execution = await client.getExecution(added[0].id);
		expect(execution.status).toBe('success');
		const [item] = nodeOutput(execution, 'Score & Classify');
		expect(item.classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
		expect(item.feedback).toMatchObject({
			id: 'typeform:token-e2e-signed-1',
			source: 'typeform',
			respondent: { customerId: 'FR-2291', email: 'claire.martin@example.fr' },
		});
		const [alerted] = nodeOutput(execution, 'Alert Rule');
		expect(alerted.alert).toMatchObject({ outcome: 'alert', rule: 'Late delivery', owner: { name: 'Delivery desk' } });
	}, 60_000);

	it('starts one execution when the same delivery arrives 5 times at once', async () => {
		const { client } = n8n();
		const before = await executionsNow();
		const copy = signed(delivery('e2e-burst-1'));
		const answers = await Promise.all(Array.from({ length: 5 }, async () => await client.deliver(WEBHOOK_PATH, copy)));

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(answers.filter((answer) => answer.body?.status === 'accepted')).toHaveLength(1);
		expect(answers.filter((answer) => answer.body?.status === 'duplicate')).toHaveLength(4);
		const added = await barrier(before, 1);
		expect(added).toHaveLength(2);
	}, 60_000);

	it('starts none for a badly signed delivery, and answers 401', async () => {
		const { client } = n8n();
		const before = await executionsNow();
		const forged = signed(delivery('e2e-forged-1'), 'not-the-registered-secret');
		const answer = await client.deliver(WEBHOOK_PATH, forged);
		expect(answer).toMatchObject({ status: 401, body: { status: 'rejected', error: 'invalid_signature', field: 'Typeform-Signature' } });

		const unsigned = await client.deliver(WEBHOOK_PATH, { body: delivery('e2e-unsigned-1'), headers: { 'content-type': 'application/json' } });
		expect(unsigned.status).toBe(401);
		const added = await barrier(before, 0);
		expect(added).toHaveLength(1);
	}, 60_000);

	it('answers malformed JSON with its own 400 and an oversized body with 413, starting nothing', async () => {
		const { client } = n8n();
		const before = await executionsNow();
		const malformed = await client.deliver(WEBHOOK_PATH, signed('{"event_id": "x", "form_response": '));
		expect(malformed).toMatchObject({ status: 400, body: { error: 'invalid_delivery', field: 'body' } });
		expect(malformed.body.message).toMatch(/not valid JSON/);

		const huge = await client.deliver(WEBHOOK_PATH, signed(JSON.stringify({ padding: 'x'.repeat(1_200_000) })));
		expect(huge).toMatchObject({ status: 413, body: { error: 'invalid_delivery' } });
		const added = await barrier(before, 0);
		expect(added).toHaveLength(1);
	}, 60_000);
});
