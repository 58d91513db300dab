/**
 * Exactly-once across an n8n restart, on the real server: a survey tool's retry that arrives after
 * n8n was stopped and started again must start no second execution. The delivery ledger lives in
 * the workflow's stored static data. Two kinds of restart: n8n stopped and started as it is
 * (server.restart()), and a second startN8n on the same user folder, the way a second `npm start`
 * does it (templates imported again, then published).
 */
import type { N8nServer, WebhookResponse } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, startN8n } from '../../scripts/n8n-server.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;
let ports: number[] = [];

const start = async () => {
	server = await startN8n({ userFolder: userFolder!.path, port: ports[0], brokerPort: ports[1], publish: [WORKFLOW_ID] });
	return server;
};

/** Stops n8n and starts it the way a second `npm start` does: import the templates, publish, start. */
async function startAgainLikeNpmStart(): Promise<N8nServer> {
	await server?.stop();
	server = undefined;
	return await start();
}

const response = (responseId: string) => ({ responseId, score: 2, comment: 'Colis arrivé abîmé', touchpoint: 'delivery' });

async function deliver(n8n: N8nServer, responseId: string): Promise<WebhookResponse> {
	return await n8n.client.postWebhook(WEBHOOK_PATH, response(responseId));
}

/** How many executions the workflow has, once none is still running. */
async function executionCount(n8n: N8nServer, atLeast: number): Promise<number> {
	// An alerted detractor's execution ends waiting in SLA Wait, past the trigger, which is what is counted here.
	const finished = await n8n.client.waitForExecutions(WORKFLOW_ID, { count: atLeast, timeoutMs: 60_000, waitingIsSettled: true });
	const all = await n8n.client.listExecutions(WORKFLOW_ID, { limit: 100 });
	expect(all.length).toBe(finished.length);
	return all.length;
}

beforeAll(async () => {
	userFolder = createTempUserFolder('closed-loop-e2e-restart-');
	ports = await freePorts(2);
	await start();
}, 300_000);

afterAll(async () => {
	await server?.stop();
	userFolder?.remove();
}, 60_000);

describe('exactly once across an n8n restart (real n8n, SQLite)', () => {
	it('answers a retry after the restart "duplicate" and starts no second execution', async () => {
		const n8n = server!;
		// Not the workflow's first delivery ever: n8n 2.41 did save that one, and only that one.
		expect((await deliver(n8n, 'restart-first')).body).toMatchObject({ status: 'accepted' });
		// n8n saves static data whole when each execution ends, so the one that ends last wins: the workflow's first execution
		// (which creates the case table) must end before the next starts, or its older copy of the ledger is saved last.
		expect(await executionCount(n8n, 1)).toBe(1);
		expect((await deliver(n8n, 'restart-single')).body).toMatchObject({ status: 'accepted' });
		expect(await executionCount(n8n, 2)).toBe(2);

		await n8n.restart();
		const retry = await deliver(n8n, 'restart-single');
		expect({ status: retry.status, body: retry.body }).toEqual({
			status: 200,
			body: expect.objectContaining({ status: 'duplicate' }),
		});
		// Not a server that refuses everything: a new response still starts the workflow.
		expect((await deliver(n8n, 'restart-new')).body).toMatchObject({ status: 'accepted' });
		expect(await executionCount(n8n, 3)).toBe(3);
	}, 300_000);

	it('remembers every one of several deliveries accepted before the restart, however they arrived', async () => {
		let n8n = server!;
		const before = (await n8n.client.listExecutions(WORKFLOW_ID, { limit: 100 })).length;
		const ids = Array.from({ length: 6 }, (_, n) => `restart-many-${n}`);
		// Three one after the other, three at the same moment.
		for (const id of ids.slice(0, 3)) expect((await deliver(n8n, id)).body).toMatchObject({ status: 'accepted' });
		const together = await Promise.all(ids.slice(3).map((id) => deliver(n8n, id)));
		expect(together.map((answer) => answer.body.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(await executionCount(n8n, before + ids.length)).toBe(before + ids.length);

		n8n = await startAgainLikeNpmStart();
		const retries = await Promise.all(ids.map((id) => deliver(n8n, id)));
		expect(retries.map((answer) => answer.body.status)).toEqual(ids.map(() => 'duplicate'));
		expect((await n8n.client.listExecutions(WORKFLOW_ID, { limit: 100 })).length).toBe(before + ids.length);
	}, 300_000);
});
