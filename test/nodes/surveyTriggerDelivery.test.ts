/**
 * What every source shares: reading the raw body, authenticating the sender, refusing what
 * cannot be read with the right status, and starting one execution per delivery however often
 * the tool retries. Exercised with Custom JSON, the source that needs no survey-tool fixtures.
 */
import { createHmac } from 'crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ACCEPTED_DELIVERY_FIELD } from '../../nodes/SurveyTrigger/delivery';
import { decodeLedger, ledgerKey } from '../../nodes/shared/ledger';
import type { WorkflowJson } from './harness';
import { chain, runWebhook, runWithItems } from './harness';

const TRIGGER = 'Survey Trigger';
let workflowCounter = 0;

/** A fresh workflow (its own id, so its own delivery ledger) with a shared static-data object. */
function triggerWorkflow(parameters: INodeParameters = {}, credentials?: Record<string, { id: string; name: string }>): WorkflowJson {
	const workflow = chain({
		name: TRIGGER,
		type: 'surveyTrigger',
		webhookId: '9d0c6a36-6a43-4d8e-8f39-43c7f1b1e3aa',
		parameters: { path: 'kiosk', ...parameters },
		...(credentials ? { credentials } : {}),
	});
	return { ...workflow, id: `delivery-test-${++workflowCounter}`, staticData: {} };
}

const body = (responseId: string) => ({ responseId, score: 4, comment: 'Attente trop longue en caisse' });
const SECRET = 'example-kiosk-signing-secret';
const secretCredentials = { surveyWebhookSecretApi: { secret: SECRET } };
const secretRef = { surveyWebhookSecretApi: { id: 'c1', name: 'Kiosk secret' } };

describe('Survey Trigger deliveries', () => {
	describe('exactly once', () => {
		it('answers a repeated delivery 200 "duplicate" and starts no second execution', async () => {
			const workflow = triggerWorkflow();
			const first = await runWebhook(workflow, { request: { body: body('r-once-1') } });
			const again = await runWebhook(workflow, { request: { body: body('r-once-1') } });
			const other = await runWebhook(workflow, { request: { body: body('r-once-2') } });

			expect([first.started, again.started, other.started]).toEqual([true, false, true]);
			expect(again.http).toMatchObject({ status: 200, body: { status: 'duplicate' } });
		});

		it('starts one execution when five copies arrive at the same moment', async () => {
			const workflow = triggerWorkflow();
			const results = await Promise.all(
				Array.from({ length: 5 }, () => runWebhook(workflow, { request: { body: body('r-burst') } })),
			);
			expect(results.filter((result) => result.started)).toHaveLength(1);
			expect(results.map((result) => result.http?.status)).toEqual([200, 200, 200, 200, 200]);
			expect(results.filter((result) => (result.http?.body as IDataObject).status === 'duplicate')).toHaveLength(4);
		});

		it('remembers accepted deliveries in the node’s static data, so a retry after a restart is still caught', async () => {
			const workflow = triggerWorkflow();
			await runWebhook(workflow, { request: { body: body('r-restart') } });
			// Same saved static data, another workflow id: nothing in this process remembers it, the static data does.
			const afterRestart = { ...workflow, id: `delivery-test-${++workflowCounter}` };
			const retry = await runWebhook(afterRestart, { request: { body: body('r-restart') } });
			expect(retry.started).toBe(false);
			expect(retry.http?.body).toMatchObject({ status: 'duplicate' });
			const ledger = (workflow.staticData?.[`node:${TRIGGER}`] as IDataObject).acceptedDeliveries as string;
			expect(Object.keys(decodeLedger(ledger))).toHaveLength(1);
			// Ids are hashed: the ledger holds no customer or response identifiers.
			expect(JSON.stringify(ledger)).not.toContain('r-restart');
		});

		it('keeps every accepted delivery in the stored ledger across a restart, not only the first', async () => {
			const workflow = triggerWorkflow();
			for (const id of ['ledger-1', 'ledger-2', 'ledger-3']) {
				expect((await runWebhook(workflow, { request: { body: body(id) } })).started).toBe(true);
			}
			const afterRestart = { ...workflow, id: `delivery-test-${++workflowCounter}` };
			const retries = [];
			for (const id of ['ledger-1', 'ledger-2', 'ledger-3']) retries.push(await runWebhook(afterRestart, { request: { body: body(id) } }));
			expect(retries.map((retry) => retry.http?.body)).toEqual([
				expect.objectContaining({ status: 'duplicate' }),
				expect.objectContaining({ status: 'duplicate' }),
				expect.objectContaining({ status: 'duplicate' }),
			]);
			expect(retries.some((retry) => retry.started)).toBe(false);
		});

		it('loses no accepted delivery from the stored ledger when 20 executions save it at once', async () => {
			const workflow = triggerWorkflow();
			const ids = Array.from({ length: 20 }, (_, n) => `burst-${n}`);
			const first = await Promise.all(ids.map((id) => runWebhook(workflow, { request: { body: body(id) } })));
			expect(first.every((result) => result.started)).toBe(true);
			const stored = decodeLedger((workflow.staticData?.[`node:${TRIGGER}`] as IDataObject).acceptedDeliveries);
			expect(Object.keys(stored)).toHaveLength(20);
		});

		it('hands the execution the response without the ledger key it carried from the webhook', async () => {
			const result = await runWebhook(triggerWorkflow(), { request: { body: body('r-clean') } });
			expect(Object.keys(result.json(TRIGGER)[0])).toEqual(['feedback']);
			expect(result.items(TRIGGER)[0].pairedItem).toEqual({ item: 0 });
		});

		it('stores no refused delivery: after a restart, its corrected retry starts the workflow', async () => {
			const workflow = triggerWorkflow();
			// The first is refused (score out of range); an accepted one then saves the ledger.
			expect((await runWebhook(workflow, { request: { body: { ...body('r-late'), score: 12 } } })).http?.status).toBe(400);
			expect((await runWebhook(workflow, { request: { body: body('r-other') } })).started).toBe(true);
			const afterRestart = { ...workflow, id: `delivery-test-${++workflowCounter}` };
			expect((await runWebhook(afterRestart, { request: { body: body('r-late') } })).started).toBe(true);
		});

		it('keeps the editor’s test deliveries apart: the real delivery of a tested response still starts the workflow', async () => {
			const workflow = triggerWorkflow();
			const tested = await runWebhook(workflow, { mode: 'manual', request: { body: body('r-tested') } });
			const testedAgain = await runWebhook(workflow, { mode: 'manual', request: { body: body('r-tested') } });
			const real = await runWebhook(workflow, { request: { body: body('r-tested') } });
			expect([tested.started, testedAgain.started, real.started]).toEqual([true, false, true]);
		});

		describe('when the execution runs on another n8n process (a queue-mode worker)', () => {
			const accepted = (id: string) => ({
				json: {
					feedback: { id: `custom-json:${id}` },
					[ACCEPTED_DELIVERY_FIELD]: { key: ledgerKey(`custom-json:${id}`), acceptedAt: 1_800_000_000, process: 'a-webhook-process' },
				},
			});
			const workflowWithSecret = () => {
				const workflow = {
					...chain(
						{ name: TRIGGER, type: 'surveyTrigger', parameters: { path: 'kiosk' } },
						{ name: 'Next Step', type: 'n8n-nodes-base.noOp' },
					),
					id: `delivery-test-${++workflowCounter}`,
				};
				return { ...workflow, staticData: { [`node:${TRIGGER}`]: { webhookId: 'wh-1', signingSecret: 'registered-secret' } } };
			};
			const noOp = {
				description: { displayName: 'No-Op', name: 'noOp', group: ['transform'], version: 1, description: 'Test', defaults: { name: 'No-Op' }, inputs: ['main'], outputs: ['main'], properties: [] },
				async execute(this: { getInputData(): unknown[] }) {
					return [this.getInputData()];
				},
			};
			const run = (workflow: ReturnType<typeof workflowWithSecret>, id: string) =>
				runWithItems(workflow, { node: TRIGGER, items: [accepted(id)], nodeTypes: { 'n8n-nodes-base.noOp': noOp as never } });

			it('leaves the workflow’s static data alone, since n8n gives such an execution none and would save it whole', async () => {
				const workflow = workflowWithSecret();
				const before = JSON.stringify(workflow.staticData);
				const result = await run(workflow, 'w-1');
				expect(result.json('Next Step')).toHaveLength(1);
				expect(JSON.stringify(workflow.staticData)).toBe(before);
			});

			it('loses no key when 10 executions in one process update the deduplication store at once', async () => {
				const workflow = workflowWithSecret();
				const ids = Array.from({ length: 10 }, (_, n) => `w-burst-${n}`);
				await Promise.all(ids.map((id) => run(workflow, id)));
				const repeats = await Promise.all(ids.map((id) => run(workflow, id)));
				expect(repeats.map((repeat) => repeat.json('Next Step').length)).toEqual(ids.map(() => 0));
			});

			it('stops a delivery n8n’s deduplication store has seen before at the trigger, with a hint', async () => {
				const workflow = workflowWithSecret();
				const first = await run(workflow, 'w-2');
				const repeat = await run(workflow, 'w-2');
				const other = await run(workflow, 'w-3');
				expect([first.json('Next Step').length, repeat.json('Next Step').length, other.json('Next Step').length]).toEqual([1, 0, 1]);
				expect(repeat.order).not.toContain('Next Step');
				expect(JSON.stringify(repeat.run?.data.resultData.runData[TRIGGER][0].hints)).toContain('already been received');
				expect(Object.keys(repeat.json(TRIGGER)[0] ?? {})).toEqual([]);
			});
		});

		it('starts every copy when the user turns deduplication off', async () => {
			const workflow = triggerWorkflow({ settings: { deduplicate: false } });
			const results = [
				await runWebhook(workflow, { request: { body: body('r-twice') } }),
				await runWebhook(workflow, { request: { body: body('r-twice') } }),
			];
			expect(results.map((result) => result.started)).toEqual([true, true]);
		});

		it('does not remember a delivery it refused, so the corrected retry is accepted', async () => {
			const workflow = triggerWorkflow();
			const refused = await runWebhook(workflow, { request: { body: { ...body('r-fix'), score: 12 } } });
			const corrected = await runWebhook(workflow, { request: { body: body('r-fix') } });
			expect([refused.http?.status, corrected.started]).toEqual([400, true]);
		});
	});

	describe('sender authentication', () => {
		const sign = (raw: string) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
		const hmacParameters = { authentication: 'hmac', hmac: { prefix: 'sha256=' } };

		it('accepts a body signed with the configured HMAC and refuses a wrong one with 401', async () => {
			const raw = JSON.stringify(body('r-signed'));
			const signed = await runWebhook(triggerWorkflow(hmacParameters, secretRef), {
				credentials: secretCredentials,
				request: { rawBody: raw, headers: { 'X-Signature': sign(raw) } },
			});
			expect(signed.started).toBe(true);

			const forged = await runWebhook(triggerWorkflow(hmacParameters, secretRef), {
				credentials: secretCredentials,
				request: { rawBody: raw, headers: { 'X-Signature': sign(`${raw} `) } },
			});
			expect(forged.started).toBe(false);
			expect(forged.http).toMatchObject({
				status: 401,
				body: { status: 'rejected', error: 'invalid_signature', field: 'X-Signature' },
			});
		});

		it('checks the signature over the exact bytes, not a re-serialised body', async () => {
			const raw = '{ "responseId": "r-bytes",\n  "score": 4 }';
			const result = await runWebhook(triggerWorkflow(hmacParameters, secretRef), {
				credentials: secretCredentials,
				request: { rawBody: raw, headers: { 'X-Signature': sign(raw) } },
			});
			expect(result.started).toBe(true);
		});

		it('refuses with 401, not a crash, when no credential is set', async () => {
			const result = await runWebhook(triggerWorkflow(hmacParameters), { request: { body: body('r-nocred') } });
			expect(result.http).toMatchObject({ status: 401, body: { error: 'invalid_signature' } });
			expect(result.logs.some((entry) => entry.level === 'error' && /surveyWebhookSecretApi/.test(entry.message))).toBe(true);
		});

		it('checks basic auth and asks for it with WWW-Authenticate', async () => {
			const parameters = { authentication: 'basicAuth' };
			const credentials = { surveyWebhookBasicAuthApi: { user: 'kiosk', password: 'correct-horse-battery' } };
			const ref = { surveyWebhookBasicAuthApi: { id: 'c2', name: 'Kiosk login' } };
			const header = (password: string) => `Basic ${Buffer.from(`kiosk:${password}`).toString('base64')}`;

			const ok = await runWebhook(triggerWorkflow(parameters, ref), {
				credentials,
				request: { body: body('r-basic'), headers: { Authorization: header('correct-horse-battery') } },
			});
			const wrong = await runWebhook(triggerWorkflow(parameters, ref), {
				credentials,
				request: { body: body('r-basic'), headers: { Authorization: header('guess') } },
			});
			expect(ok.started).toBe(true);
			expect(wrong.http).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Basic realm="Survey Trigger"' } });
		});

		it('checks a secret header', async () => {
			const parameters = { authentication: 'secretHeader', headerName: 'X-Kiosk-Key' };
			const ok = await runWebhook(triggerWorkflow(parameters, secretRef), {
				credentials: secretCredentials,
				request: { body: body('r-header'), headers: { 'X-Kiosk-Key': SECRET } },
			});
			const missing = await runWebhook(triggerWorkflow(parameters, secretRef), {
				credentials: secretCredentials,
				request: { body: body('r-header') },
			});
			expect(ok.started).toBe(true);
			expect(missing.http).toMatchObject({ status: 401, body: { field: 'X-Kiosk-Key' } });
		});

		it('never echoes the secret in answers or logs', async () => {
			const result = await runWebhook(triggerWorkflow({ authentication: 'secretHeader' }, secretRef), {
				credentials: secretCredentials,
				request: { body: body('r-leak'), headers: { 'X-Webhook-Secret': 'wrong' } },
			});
			expect(JSON.stringify(result.http)).not.toContain(SECRET);
			expect(JSON.stringify(result.logs)).not.toContain(SECRET);
		});
	});

	describe('bodies it cannot take', () => {
		it('answers 413 above the configured size, announced or not', async () => {
			const large = JSON.stringify({ ...body('r-big'), comment: 'x'.repeat(4000) });
			const announced = await runWebhook(triggerWorkflow({ settings: { maxBodyKb: 1 } }), {
				request: { rawBody: large, headers: { 'Content-Length': String(large.length) } },
			});
			const chunked = await runWebhook(triggerWorkflow({ settings: { maxBodyKb: 1 } }), { request: { rawBody: large } });
			for (const result of [announced, chunked]) {
				expect(result.http).toMatchObject({ status: 413, body: { status: 'rejected', field: 'body' } });
				expect(result.started).toBe(false);
			}
		});

		it('answers 400 for malformed JSON and 415 for an unknown encoding', async () => {
			const malformed = await runWebhook(triggerWorkflow(), { request: { rawBody: '{"responseId": "r-1", "score": 4' } });
			expect(malformed.http).toMatchObject({ status: 400, body: { error: 'invalid_delivery' } });
			expect((malformed.http?.body as IDataObject).message).toMatch(/not valid JSON/);

			const compressed = await runWebhook(triggerWorkflow(), {
				request: { body: body('r-br'), headers: { 'Content-Encoding': 'br' } },
			});
			expect(compressed.http).toMatchObject({ status: 415, body: { field: 'content-encoding' } });
		});

		it('still reads a body n8n parsed first (a workflow saved with its own "options" value)', async () => {
			const result = await runWebhook(triggerWorkflow({ options: {} }), { request: { body: body('r-parsed') } });
			expect(result.started).toBe(true);
		});
	});

	it('answers the HEAD request survey tools send to check the URL, starting nothing', async () => {
		const result = await runWebhook(triggerWorkflow(), { request: { method: 'HEAD' } });
		expect(result.http?.status).toBe(200);
		expect(result.started).toBe(false);
	});
});
