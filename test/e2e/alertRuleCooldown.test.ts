/**
 * Alert Rule in the Custom JSON detractor template on a real n8n server: owners from the "Alert
 * owners" Data Table that the server set-up creates, read by n8n's own Data Table node; a late
 * delivery alerts the delivery desk; a second response from the same customer within the cooldown
 * is suppressed, and still is after n8n restarts (this process's memory is gone then; n8n's
 * deduplication store, in its database, remembers).
 */
import type { Execution, N8nServer } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, nodeOutput, startN8n } from '../../scripts/n8n-server.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';
const ALERT_NODE = 'Alert Rule';
const OUTPUTS = { alert: 0, noAlert: 1, suppressed: 2 } as const;

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;

function n8n(): N8nServer {
	if (!server) throw new Error('n8n did not start; see the beforeAll error above');
	return server;
}

/** Posts one response and returns its execution, once finished. */
async function respond(body: Record<string, unknown>): Promise<Execution> {
	const { client } = n8n();
	const before = await client.listExecutions(WORKFLOW_ID);
	const answer = await client.postWebhook(WEBHOOK_PATH, body);
	if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	const finished = await client.waitForExecutions(WORKFLOW_ID, { count: before.length + 1 });
	const added = finished.filter((summary) => !before.some((old) => old.id === summary.id));
	if (added.length !== 1) throw new Error(`expected one new execution, found ${added.length}`);
	return await client.getExecution(added[0].id);
}

/** Where Alert Rule sent the response, and its `alert` record. */
function decided(execution: Execution) {
	if (execution.status !== 'success') throw new Error(`the execution ended ${execution.status}: ${JSON.stringify(execution.data.resultData.error ?? {})}`);
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
	userFolder = createTempUserFolder('closed-loop-e2e-alerts-');
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({ userFolder: userFolder.path, port, brokerPort, publish: [WORKFLOW_ID] });
}, 300_000);

afterAll(async () => {
	await server?.stop();
	userFolder?.remove();
}, 60_000);

describe('Alert Rule on a real n8n server (Custom JSON template)', () => {
	let first: ReturnType<typeof decided>;

	beforeAll(async () => {
		first = decided(await respond(lateDelivery));
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

	it('still suppresses after n8n restarts: the cooldown is in n8n’s database', async () => {
		await n8n().restart();
		const third = decided(await respond({ ...lateDelivery, responseId: 'e2e-alert-0004' }));
		expect(third.output).toBe('suppressed');
		expect(third.alert.reason).toContain('before a restart or by another n8n process');
		// A customer nobody was alerted about still alerts.
		const fresh = decided(await respond({ ...lateDelivery, responseId: 'e2e-alert-0005', email: 'new.customer@exemple.fr' }));
		expect(fresh.output).toBe('alert');
	}, 240_000);
});
