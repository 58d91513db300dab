/**
 * The server library's restart(): n8n stops and starts again on the same user folder and ports, so a
 * test can check what survives a restart. Needs `npm run build` and the pinned runtime.
 */
import type { N8nServer } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, startN8n } from '../../scripts/n8n-server.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;

beforeAll(async () => {
	userFolder = createTempUserFolder('closed-loop-restart-');
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({ userFolder: userFolder.path, port, brokerPort, publish: [WORKFLOW_ID] });
}, 300_000);

afterAll(async () => {
	await server?.stop();
	userFolder?.remove();
}, 60_000);

describe('startN8n(...).restart()', () => {
	it('brings the same instance back: new process, same URL, data and published workflow kept', async () => {
		if (!server) throw new Error('n8n did not start; see the beforeAll error above');
		const { client } = server;
		const first = await client.postWebhook(WEBHOOK_PATH, { responseId: 'restart-0001', score: 2, comment: 'Trop cher' });
		expect(first.status).toBe(200);
		await client.waitForExecutions(WORKFLOW_ID, { count: 1 });

		const before = { pid: server.pid, baseUrl: server.baseUrl, exited: server.exited };
		await server.restart();

		await expect(before.exited).resolves.toHaveProperty('code');
		expect(server.pid).not.toBe(before.pid);
		expect(server.baseUrl).toBe(before.baseUrl);
		expect(server.startupMs).toBeGreaterThan(0);
		// Logged in again with the same client: the REST API answers, and the first execution is still there.
		expect(await client.activeWorkflowIds()).toContain(WORKFLOW_ID);
		const second = await client.postWebhook(WEBHOOK_PATH, { responseId: 'restart-0002', score: 10, comment: 'Parfait' });
		expect(second.status).toBe(200);
		const finished = await client.waitForExecutions(WORKFLOW_ID, { count: 2 });
		expect(finished.map((execution) => execution.status)).toEqual(['success', 'success']);
	}, 240_000);
});
