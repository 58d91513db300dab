/**
 * SLA Wait in n8n's own engine: wait mode puts the execution to wait until the deadline, with the
 * breached-at-deadline record on its input; the harness then resumes it as n8n does, by timeout
 * (the wait tracker) or by a call to its resume link (WaitingWebhooks). Check mode routes each
 * case by where its SLA stands. The clock is frozen (only `Date`) so deadlines are exact.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters, INodeType } from 'n8n-workflow';

import type { NodeSpec, ResumeRequest, RunOptions, RunResult, WorkflowJson } from './harness';
import { node, resumeByTimeout, resumeByWebhook, runWithItems } from './harness';

const WAIT = 'SLA Wait';
const ESCALATE = 'Escalate to coach';
const CLOSE = 'Close the loop';
const PASS_TYPE = 'test.passThrough';

const passThrough: INodeType = {
	description: {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'Test node: passes its items on',
		defaults: { name: 'Pass Through' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
};

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
/** 8 business hours, Monday to Friday 09:00–18:00 in Paris. */
const PARIS_BUSINESS: INodeParameters = {
	mode: 'wait',
	policyName: 'First contact',
	durationAmount: 8,
	durationUnit: 'businessHours',
	timeZone: 'Europe/Paris',
	workingHours: { ranges: [{ days: WEEKDAYS, start: '09:00', end: '18:00' }] },
	publicHolidays: ['fr'],
	startAt: '={{ $json.feedback.submittedAt }}',
	atRiskPercent: 75,
};

/** Friday 4 December 2026, 15:00 in Paris (UTC+1). */
const FRIDAY_3PM_PARIS = '2026-12-04T14:00:00.000Z';
/** Friday 15:00 → 18:00 is 3 h; Monday 09:00 + the other 5 h is 14:00 Paris, 13:00 UTC. */
const MONDAY_2PM_PARIS = '2026-12-07T13:00:00.000Z';

function slaWorkflow(parameters: INodeParameters = {}, extra: Partial<NodeSpec> = {}): WorkflowJson {
	const sla = node({ name: WAIT, type: 'slaWait', parameters: { ...PARIS_BUSINESS, ...parameters }, ...extra });
	return {
		nodes: [sla, node({ name: ESCALATE, type: PASS_TYPE }), node({ name: CLOSE, type: PASS_TYPE })],
		connections: {
			[WAIT]: {
				main: [[{ node: ESCALATE, type: 'main', index: 0 }], [{ node: CLOSE, type: 'main', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1', timezone: 'Europe/Paris' },
	};
}

function caseItem(submittedAt = FRIDAY_3PM_PARIS, caseId = 'case-1'): IDataObject {
	return { case: { id: caseId }, feedback: { id: `r-${caseId}`, submittedAt } };
}

const OPTIONS: RunOptions = { nodeTypes: { [PASS_TYPE]: passThrough } };

async function openCase(workflow: WorkflowJson, items: IDataObject[] = [caseItem()], options: RunOptions = {}): Promise<RunResult> {
	return await runWithItems(workflow, { node: WAIT, items, ...OPTIONS, ...options });
}

/** Freezes `Date` only: the engine's timers and promises run as usual. */
function setClock(iso: string): void {
	jest.useFakeTimers({
		now: new Date(iso),
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
}

afterEach(() => jest.useRealTimers());

/** The SLA record on the items the execution waits with (the waiting node's input, saved by n8n). */
function waitingSlas(result: RunResult): IDataObject[] {
	const stack = result.waiting?.data.executionData?.nodeExecutionStack ?? [];
	expect(stack[0]?.node.name).toBe(WAIT);
	return (stack[0].data.main[0] ?? []).map((item) => item.json.sla as IDataObject);
}

function resumeUrlOf(result: RunResult): string {
	return String(waitingSlas(result)[0].resumeUrl);
}

/** A JSON POST to the resume link, as a helpdesk sends it. */
function post(result: RunResult, body: unknown, headers: Record<string, string> = {}): ResumeRequest {
	return { url: resumeUrlOf(result), method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body };
}

/** A person opening the resume link in a browser. */
function open(result: RunResult, { query = '', language }: { query?: string; language?: string } = {}): ResumeRequest {
	return { url: `${resumeUrlOf(result)}${query}`, method: 'GET', headers: language ? { 'accept-language': language } : {} };
}

/** The page's button: its form posts the hidden fields back to the page's own URL, form-encoded. */
function pressButton(result: RunResult, page: RunResult, fields: Record<string, string> = hiddenFields(page)): ResumeRequest {
	return {
		url: resumeUrlOf(result),
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: fields,
		rawBody: new URLSearchParams(fields).toString(),
	};
}

function hiddenFields(page: RunResult): Record<string, string> {
	const html = String(page.http?.body ?? '');
	const fields: Record<string, string> = {};
	for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[match[1]] = match[2];
	return fields;
}

/** A refused call leaves the execution waiting as it was, until the same deadline. */
function expectStillWaiting(result: RunResult, waiting: RunResult): void {
	expect(result.started).toBe(false);
	expect(result.executionId).toBe(waiting.executionId);
	expect(result.waiting?.waitTill).toEqual(waiting.waiting?.waitTill);
	expect(result.waiting?.data).toEqual(waiting.waiting?.data);
}

describe('SLA Wait, wait mode: putting the execution to wait', () => {
	it('waits until the business-hours deadline, across a weekend in Paris, with the breached-at-deadline record on its input', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const result = await openCase(slaWorkflow());

		expect(result.error).toBeUndefined();
		expect(result.run?.status).toBe('waiting');
		expect(result.waiting?.waitTill.toISOString()).toBe(MONDAY_2PM_PARIS);
		expect(result.order).toEqual([WAIT]);
		const [sla] = waitingSlas(result);
		expect(sla).toMatchObject({
			policy: 'First contact',
			startedAt: FRIDAY_3PM_PARIS,
			dueAt: MONDAY_2PM_PARIS,
			outcome: 'breached',
			breachedAt: MONDAY_2PM_PARIS,
			resolvedAt: null,
		});
		const resumeUrl = new URL(String(sla.resumeUrl));
		expect(resumeUrl.pathname).toBe(`/webhook-waiting/${result.executionId}/sla`);
		expect(resumeUrl.search).toBe(`?signature=${result.waiting?.data.resumeToken}`);
		// What waits is n8n's saved copy, not the objects the run used.
		expect(result.waiting?.data).not.toBe(result.run?.data);
		expect(result.waiting?.data).toEqual(JSON.parse(JSON.stringify(result.run?.data)));
	});

	it('waits a calendar-hours SLA through the night and the weekend', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const result = await openCase(slaWorkflow({ durationAmount: 48, durationUnit: 'calendarHours', policyName: '' }));

		// 48 h from Friday 14:00 UTC, nights and the weekend included.
		expect(result.waiting?.waitTill.toISOString()).toBe('2026-12-06T14:00:00.000Z');
		expect(waitingSlas(result)[0]).toMatchObject({ policy: '48 hours', dueAt: '2026-12-06T14:00:00.000Z' });
	});

	it('starts the clock now when the start field is empty', async () => {
		setClock('2026-12-08T10:20:00.000Z'); // Tuesday 11:20 Paris
		const result = await openCase(slaWorkflow({ startAt: '', durationAmount: 2 }));
		expect(waitingSlas(result)[0]).toMatchObject({ startedAt: '2026-12-08T10:20:00.000Z', dueAt: '2026-12-08T12:20:00.000Z' });
		expect(result.waiting?.waitTill.toISOString()).toBe('2026-12-08T12:20:00.000Z');
	});

	it('does not wait for a case already past its deadline: it goes straight to Breached', async () => {
		setClock(FRIDAY_3PM_PARIS);
		// Tuesday 1 December 09:00 Paris + 8 business hours = Tuesday 17:00 Paris.
		const result = await openCase(slaWorkflow(), [caseItem('2026-12-01T08:00:00.000Z')]);
		expect(result.waiting).toBeUndefined();
		expect(result.run?.status).toBe('success');
		expect(result.json(ESCALATE)[0].sla).toMatchObject({ outcome: 'breached', dueAt: '2026-12-01T16:00:00.000Z', breachedAt: '2026-12-01T16:00:00.000Z' });
		expect(result.json(CLOSE)).toEqual([]);
	});
});

describe('SLA Wait, wait mode: resumed by n8n', () => {
	it('times out to Breached, carrying policy, dueAt and breachedAt; nothing reaches Met', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		setClock('2026-12-07T13:00:40.000Z');
		const finished = await resumeByTimeout(waiting);

		expect(finished.error).toBeUndefined();
		expect(finished.run?.status).toBe('success');
		expect(finished.waiting).toBeUndefined();
		expect(finished.json(ESCALATE)).toHaveLength(1);
		expect(finished.json(ESCALATE)[0]).toMatchObject({
			case: { id: 'case-1' },
			sla: { policy: 'First contact', dueAt: MONDAY_2PM_PARIS, outcome: 'breached', breachedAt: MONDAY_2PM_PARIS, resolvedAt: null },
		});
		expect(finished.json(CLOSE)).toEqual([]);
		// n8n ran the waiting node again disabled: its input went to output 0, nothing else.
		expect(finished.order).toEqual([WAIT, ESCALATE]);
		expect(finished.outputs(WAIT)).toHaveLength(1);
		expect(finished.run?.data.resultData.runData[WAIT]).toHaveLength(1);
	});

	it('resumes to Met on a JSON POST before the deadline, keeping the event and the rest of the body', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		setClock('2026-12-07T08:30:00.000Z');
		const finished = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved', ticket: 1 }) });

		expect(finished.error).toBeUndefined();
		expect(finished.started).toBe(true);
		expect(finished.http).toMatchObject({
			status: 200,
			body: { resumed: true, event: 'resolved', outcome: 'met', resumedAt: '2026-12-07T08:30:00.000Z' },
		});
		expect(finished.waiting).toBeUndefined();
		expect(finished.json(CLOSE)).toHaveLength(1);
		expect(finished.json(CLOSE)[0]).toMatchObject({
			case: { id: 'case-1' },
			sla: {
				policy: 'First contact',
				dueAt: MONDAY_2PM_PARIS,
				outcome: 'met',
				event: 'resolved',
				resumeData: { ticket: 1 },
				resolvedAt: '2026-12-07T08:30:00.000Z',
				breachedAt: null,
			},
		});
		expect(finished.json(ESCALATE)).toEqual([]);
		// The webhook's data is on the waiting node's outputs, which replace the run it recorded before waiting.
		expect(finished.order).toEqual([WAIT, CLOSE]);
		expect(finished.run?.data.resultData.runData[WAIT]).toHaveLength(1);
		expect(finished.json(WAIT, 0)).toEqual([]);
		expect(finished.json(WAIT, 1)).toEqual(finished.json(CLOSE));
	});

	it('takes the event from the link on a POST without one in its body, as the link’s page does', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		const request = { ...post(waiting, { by: 'helpdesk' }), url: `${resumeUrlOf(waiting)}&event=customerReplied` };
		const finished = await resumeByWebhook(waiting, { request });
		expect(finished.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'customerReplied', resumeData: { by: 'helpdesk' } });
	});

	it('counts a resume at the very deadline as Met', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		setClock(MONDAY_2PM_PARIS);
		const finished = await resumeByWebhook(waiting, { request: post(waiting, {}) });
		expect(finished.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'resolved', resumeData: {}, resolvedAt: MONDAY_2PM_PARIS });
	});

	it('sends a POST after the deadline to Breached, resolved late', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		setClock('2026-12-07T14:00:00.000Z'); // an hour after the deadline, before n8n's poll picked it up
		const finished = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }) });

		expect(finished.http?.body).toMatchObject({ resumed: true, outcome: 'breached' });
		expect(finished.json(CLOSE)).toEqual([]);
		expect(finished.json(ESCALATE)[0].sla).toMatchObject({
			outcome: 'breached',
			breachedAt: MONDAY_2PM_PARIS,
			resolvedAt: '2026-12-07T14:00:00.000Z',
			event: 'resolved',
		});
	});

	it('gets n8n’s own refusals: a forged signature 401, an unknown execution 404, a second resume 409', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		const forged = new URL(resumeUrlOf(waiting));
		forged.searchParams.set('signature', 'forged-token');
		const refused = await resumeByWebhook(waiting, { request: { ...post(waiting, {}), url: forged.toString() } });
		expect(refused.http).toMatchObject({ status: 401, body: { error: 'Invalid token' } });
		expectStillWaiting(refused, waiting);

		const unknown = resumeUrlOf(waiting).replace(`/${waiting.executionId}/`, '/no-such-execution/');
		expect((await resumeByWebhook(waiting, { request: { ...post(waiting, {}), url: unknown } })).http?.status).toBe(404);

		const finished = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }) });
		expect(finished.json(CLOSE)).toHaveLength(1);
		const again = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }) });
		expect(again.http?.status).toBe(409);
		expect(again.started).toBe(false);
		await expect(resumeByTimeout(waiting)).rejects.toThrow('can so not be started again');
	});
});

describe('SLA Wait, wait mode: links that people click', () => {
	it('answers a GET with a page in French for a French browser, in English otherwise, and keeps waiting', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());

		const french = await resumeByWebhook(waiting, {
			request: open(waiting, { query: '&event=customerReplied', language: 'fr-FR,fr;q=0.9,en;q=0.5' }),
		});
		expect(french.http?.status).toBe(200);
		expect(french.http?.headers['content-type']).toMatch(/text\/html/);
		expect(french.http?.body).toContain('<html lang="fr">');
		expect(french.http?.body).toContain('Le client a répondu');
		expect(french.http?.body).toContain('<form method="post"');
		expect(hiddenFields(french)).toEqual({ event: 'customerReplied' });
		expectStillWaiting(french, waiting);

		const english = await resumeByWebhook(waiting, { request: open(waiting, { language: 'de-DE,de;q=0.9' }) });
		expect(english.http?.status).toBe(200);
		expect(english.http?.body).toContain('<html lang="en">');
		expect(english.http?.body).toContain('The problem is resolved');
		expectStillWaiting(english, waiting);
	});

	it('resumes to Met from the page’s form POST and answers with a done page', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		const page = await resumeByWebhook(waiting, { request: open(waiting, { query: '&event=customerReplied' }) });
		setClock('2026-12-04T16:00:00.000Z');
		const done = await resumeByWebhook(waiting, { request: pressButton(waiting, page) });

		expect(done.http?.status).toBe(200);
		expect(done.http?.headers['content-type']).toMatch(/text\/html/);
		expect(done.http?.body).toContain('Thank you');
		expect(done.http?.body).toContain('The customer replied');
		expect(done.http?.body).not.toContain('<form');
		expect(done.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'customerReplied', resolvedAt: '2026-12-04T16:00:00.000Z' });
		expect(done.waiting).toBeUndefined();
	});
});

/** The credential's values (test values: they are no real secret). */
const RESUME_KEY = { header: 'X-Resume-Secret', value: 'resume-key-0123456789abcdef' };
const SECRET_CREDENTIAL = { slaResumeSecretApi: { id: 'cred-1', name: 'SLA resume secret' } };

function guardedWorkflow(options: INodeParameters = {}): WorkflowJson {
	return slaWorkflow({ resumeCheck: 'secretHeader', options }, { credentials: SECRET_CREDENTIAL });
}

async function openGuardedCase(options: INodeParameters = {}): Promise<RunResult> {
	return await openCase(guardedWorkflow(options), [caseItem()], { credentials: { slaResumeSecretApi: { headerName: RESUME_KEY.header, secret: RESUME_KEY.value } } });
}

/** Nothing a caller or a later node sees may hold the credential's secret. */
function expectNoSecret(...results: RunResult[]): void {
	for (const result of results) {
		expect(JSON.stringify(result.http ?? null)).not.toContain(RESUME_KEY.value);
		expect(JSON.stringify(result.run?.data ?? null)).not.toContain(RESUME_KEY.value);
		expect(JSON.stringify(result.waiting ?? null)).not.toContain(RESUME_KEY.value);
		expect(JSON.stringify(result.logs)).not.toContain(RESUME_KEY.value);
	}
}

describe('SLA Wait, wait mode: the secret header', () => {
	it('refuses a wrong or missing header with 401 and keeps waiting; the right one resumes to Met', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openGuardedCase();
		const wrong = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }, { 'X-Resume-Secret': 'not-the-secret' }) });
		expect(wrong.http).toMatchObject({ status: 401, body: { resumed: false } });
		expectStillWaiting(wrong, waiting);
		const missing = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }) });
		expect(missing.http?.status).toBe(401);
		expectStillWaiting(missing, waiting);

		const right = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }, { 'x-resume-secret': RESUME_KEY.value }) });
		expect(right.http).toMatchObject({ status: 200, body: { resumed: true, outcome: 'met' } });
		expect(right.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'resolved' });
		expectNoSecret(waiting, wrong, missing, right);
	});

	it('lets a person resume from the page, whose form carries a confirmation instead of the secret; a wrong one gets 401', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openGuardedCase();
		const page = await resumeByWebhook(waiting, { request: open(waiting) });
		expect(page.http?.status).toBe(200);
		const fields = hiddenFields(page);
		expect(fields).toEqual({ event: 'resolved', confirmation: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expectStillWaiting(page, waiting);

		const forged = await resumeByWebhook(waiting, { request: pressButton(waiting, page, { ...fields, confirmation: '0'.repeat(64) }) });
		expect(forged.http?.status).toBe(401);
		expect(forged.http?.headers['content-type']).toMatch(/text\/html/);
		expectStillWaiting(forged, waiting);
		// The confirmation is bound to the event the page showed.
		const otherEvent = await resumeByWebhook(waiting, { request: pressButton(waiting, page, { ...fields, event: 'escalated' }) });
		expect(otherEvent.http?.status).toBe(401);
		expectStillWaiting(otherEvent, waiting);

		const done = await resumeByWebhook(waiting, { request: pressButton(waiting, page) });
		expect(done.http?.status).toBe(200);
		expect(done.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'resolved' });
		expectNoSecret(page, forged, otherEvent, done);
	});

	it.each([[{}], [{ allowPersonLinks: false }]])(
		'takes the right header on a form-encoded call from a system too (options %j)',
		async (options) => {
			// Helpdesk webhooks (Zendesk, Freshdesk) may send their body form-encoded, with the header set.
			setClock(FRIDAY_3PM_PARIS);
			const waiting = await openGuardedCase(options);
			const fields = { event: 'resolved', ticket: '4512' };
			const request = {
				...pressButton(waiting, waiting, fields),
				headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Resume-Secret': RESUME_KEY.value },
			};
			const resumed = await resumeByWebhook(waiting, { request });
			expect(resumed.http?.status).toBe(200);
			expect(resumed.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'resolved', resumeData: { ticket: '4512' } });
			expectNoSecret(resumed);
		},
	);

	it('with person links off, refuses the page with 403 and keeps waiting, and still takes the header', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openGuardedCase({ allowPersonLinks: false });
		const page = await resumeByWebhook(waiting, { request: open(waiting) });
		expect(page.http?.status).toBe(403);
		expect(page.http?.body).not.toContain('<form');
		expectStillWaiting(page, waiting);

		const right = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }, { 'X-Resume-Secret': RESUME_KEY.value }) });
		expect(right.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met' });
	});
});

describe('SLA Wait, wait mode: what a resume call may say', () => {
	it('refuses events the Resume Events option does not list with 422, and keeps waiting', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow({ options: { resumeEvents: 'resolved, customerReplied' } }));
		const refused = await resumeByWebhook(waiting, { request: post(waiting, { event: 'escalated' }) });
		expect(refused.http?.status).toBe(422);
		expect(refused.http?.body).toMatchObject({ resumed: false, error: expect.stringContaining('"escalated"') });
		expectStillWaiting(refused, waiting);
		const page = await resumeByWebhook(waiting, { request: open(waiting, { query: '&event=escalated' }) });
		expect(page.http?.status).toBe(422);
		expectStillWaiting(page, waiting);

		const accepted = await resumeByWebhook(waiting, { request: post(waiting, { event: 'customerReplied' }) });
		expect(accepted.json(CLOSE)[0].sla).toMatchObject({ outcome: 'met', event: 'customerReplied' });
	});

	it('refuses to wait with a Resume Events option no call could match, naming the option', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const result = await openCase(slaWorkflow({ options: { resumeEvents: 'resolved, <customer replied>' } }));
		// Waiting anyway would answer every resume call 500: the case could only ever breach.
		expect(result.waiting).toBeUndefined();
		expect(result.error?.message).toContain('Resume Events');
		expect(result.error?.message).toContain('<customer');
		expect(result.json(ESCALATE)).toEqual([]);
	});

	it.each([
		['a JSON array', [{ event: 'resolved' }], 'application/json', 'must be an object'],
		['a text body', 'resolved', 'text/plain', 'must be an object'],
		['a 20 KB body', { event: 'resolved', note: 'x'.repeat(20_000) }, 'application/json', 'characters long'],
		['an event that is not a name', { event: '<script>' }, 'application/json', 'event must be a name'],
	])('refuses %s with a 4xx naming the problem, and keeps waiting', async (_label, body, contentType, problem) => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow());
		const refused = await resumeByWebhook(waiting, { request: post(waiting, body, { 'content-type': contentType }) });
		expect(refused.http?.status).toBeGreaterThanOrEqual(400);
		expect(refused.http?.status).toBeLessThan(500);
		expect(refused.http?.body).toMatchObject({ resumed: false, error: expect.stringContaining(problem) });
		expectStillWaiting(refused, waiting);
	});
});

describe('SLA Wait, wait mode: several cases in one execution', () => {
	// Case A: Friday 15:00 Paris → Monday 14:00 Paris. Case B: Friday 09:00 Paris → Friday 17:00 Paris (16:00 UTC).
	const items = [caseItem(FRIDAY_3PM_PARIS, 'A'), caseItem('2026-12-04T08:00:00.000Z', 'B')];
	const FRIDAY_5PM_PARIS = '2026-12-04T16:00:00.000Z';

	it('waits until the last deadline and says so in a hint', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow(), items);
		expect(waiting.waiting?.waitTill.toISOString()).toBe(MONDAY_2PM_PARIS);
		expect(waitingSlas(waiting).map((sla) => sla.dueAt)).toEqual([MONDAY_2PM_PARIS, FRIDAY_5PM_PARIS]);
		const hints = waiting.run?.data.resultData.runData[WAIT][0].hints ?? [];
		expect(hints.map((hint) => hint.message).join(' ')).toContain('different deadlines');
	});

	it('routes each case of a resume against its own deadline', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow(), items);
		setClock('2026-12-04T17:00:00.000Z'); // after B's deadline, before A's
		const finished = await resumeByWebhook(waiting, { request: post(waiting, { event: 'resolved' }) });

		expect(finished.http?.body).toMatchObject({ resumed: true, outcome: 'mixed' });
		expect(finished.json(CLOSE).map((json) => (json.case as IDataObject).id)).toEqual(['A']);
		expect(finished.json(ESCALATE).map((json) => (json.case as IDataObject).id)).toEqual(['B']);
		expect(finished.json(ESCALATE)[0].sla).toMatchObject({ outcome: 'breached', breachedAt: FRIDAY_5PM_PARIS, resolvedAt: '2026-12-04T17:00:00.000Z' });
	});

	it('times out with every case on Breached, each with its own deadline', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const waiting = await openCase(slaWorkflow(), items);
		const finished = await resumeByTimeout(waiting);
		expect(finished.json(ESCALATE).map((json) => (json.sla as IDataObject).breachedAt)).toEqual([MONDAY_2PM_PARIS, FRIDAY_5PM_PARIS]);
		expect(finished.json(CLOSE)).toEqual([]);
	});
});

describe('SLA Wait, wait mode: cases without a computable SLA', () => {
	const items = [caseItem(FRIDAY_3PM_PARIS, 'good'), caseItem('yesterday', 'bad')];

	it('fails the node with a message naming SLA Starts, and nothing waits', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const result = await openCase(slaWorkflow(), items);
		expect(result.error?.message).toContain('SLA Starts');
		expect(result.error?.message).toContain('yesterday');
		expect(result.waiting).toBeUndefined();
		expect(result.run?.status).toBe('error');
	});

	it('with continue-on-fail (regular output), sends every item down the error path and does not wait', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const result = await openCase(slaWorkflow({}, { onError: 'continueRegularOutput' }), items);
		expect(result.error).toBeUndefined();
		expect(result.waiting).toBeUndefined();
		expect(result.run?.status).toBe('success');
		const [bad, good] = [result.json(WAIT)[1], result.json(WAIT)[0]];
		expect(result.json(WAIT)).toHaveLength(2);
		expect(bad).toMatchObject({ case: { id: 'bad' }, error: expect.stringContaining('SLA Starts'), details: { retryable: false } });
		expect(good).toMatchObject({ case: { id: 'good' }, error: expect.stringContaining('Not waited'), details: { retryable: true } });
		expect(good.sla).toBeUndefined();
		expect(result.json(WAIT, 1)).toEqual([]);
	});

	it('with continue-on-fail (error output), puts every item on the error output and does not wait', async () => {
		setClock(FRIDAY_3PM_PARIS);
		const result = await openCase(slaWorkflow({}, { onError: 'continueErrorOutput' }), items);
		expect(result.waiting).toBeUndefined();
		const outputs = result.outputs(WAIT);
		expect(outputs).toHaveLength(3);
		expect(outputs[0]).toEqual([]);
		expect(outputs[1]).toEqual([]);
		expect(outputs[2].map((item) => item.json.error)).toEqual([
			expect.stringContaining('Not waited'),
			expect.stringContaining('SLA Starts'),
		]);
		// n8n puts each failed item's input back with its error, so the error path knows the case.
		expect(outputs[2].map((item) => (item.json.case as IDataObject).id)).toEqual(['good', 'bad']);
		expect(result.json(ESCALATE)).toEqual([]);
		expect(result.json(CLOSE)).toEqual([]);
	});
});

describe('SLA Wait, check mode', () => {
	// Monday 7 December 2026, 10:00 Paris. 8 business hours, at risk after 75 % (6 h).
	const NOW = '2026-12-07T09:00:00.000Z';
	const check = (parameters: INodeParameters = {}, extra: Partial<NodeSpec> = {}) =>
		slaWorkflow({ mode: 'check', resolvedAt: '={{ $json.case.resolvedAt }}', ...parameters }, extra);
	const cases = [
		// Monday 09:00 Paris: 1 h used, due Monday 17:00 Paris; 7 h left.
		{ case: { id: 'on-track' }, feedback: { submittedAt: '2026-12-07T08:00:00.000Z' } },
		// Friday 12:00 Paris: 6 h on Friday, due Monday 11:00 Paris; at risk since Friday 18:00; 1 h left.
		{ case: { id: 'at-risk' }, feedback: { submittedAt: '2026-12-04T11:00:00.000Z' } },
		// Thursday 09:00 Paris: due Thursday 17:00; 1 h on Thursday + 9 h Friday + 1 h Monday overdue.
		{ case: { id: 'breached' }, feedback: { submittedAt: '2026-12-03T08:00:00.000Z' } },
		// Friday 09:00 Paris, resolved Friday 15:00 Paris: 2 h before its 17:00 deadline.
		{ case: { id: 'met', resolvedAt: '2026-12-04 15:00:00' }, feedback: { submittedAt: '2026-12-04T08:00:00.000Z' } },
		// Thursday 09:00 Paris, resolved Friday 10:00 Paris: 2 business hours late.
		{ case: { id: 'resolved-late', resolvedAt: '2026-12-04T09:00:00Z' }, feedback: { submittedAt: '2026-12-03T08:00:00.000Z' } },
	];

	it('routes each case to On Track, At Risk, Breached or Met, with the business minutes left', async () => {
		setClock(NOW);
		const result = await openCase(check(), cases);
		expect(result.error).toBeUndefined();
		expect(result.waiting).toBeUndefined();
		const [breached, atRisk, onTrack, met] = [0, 1, 2, 3].map((output) => result.json(WAIT, output));
		const ids = (jsons: IDataObject[]) => jsons.map((json) => (json.case as IDataObject).id);
		expect(ids(onTrack)).toEqual(['on-track']);
		expect(ids(atRisk)).toEqual(['at-risk']);
		expect(ids(breached)).toEqual(['breached', 'resolved-late']);
		expect(ids(met)).toEqual(['met']);

		expect(onTrack[0].sla).toMatchObject({ standing: 'onTrack', outcome: null, dueAt: '2026-12-07T16:00:00.000Z', remainingMinutes: 420, checkedAt: NOW });
		expect(atRisk[0].sla).toMatchObject({ standing: 'atRisk', outcome: null, dueAt: '2026-12-07T10:00:00.000Z', remainingMinutes: 60 });
		expect(breached[0].sla).toMatchObject({
			standing: 'breached',
			outcome: 'breached',
			dueAt: '2026-12-03T16:00:00.000Z',
			breachedAt: '2026-12-03T16:00:00.000Z',
			resolvedAt: null,
			remainingMinutes: -660,
		});
		expect(breached[1].sla).toMatchObject({ standing: 'breached', resolvedAt: '2026-12-04T09:00:00.000Z', remainingMinutes: -120 });
		// The resolution time without an offset is read in the policy's time zone: 15:00 Paris.
		expect(met[0].sla).toMatchObject({ standing: 'met', outcome: 'met', resolvedAt: '2026-12-04T14:00:00.000Z', breachedAt: null, remainingMinutes: 120 });
	});

	it('has no At Risk with the warning off, and counts elapsed minutes for calendar hours', async () => {
		setClock(NOW);
		const noWarning = await openCase(check({ atRiskPercent: 0 }), [cases[1]]);
		expect(noWarning.json(WAIT, 2)[0].sla).toMatchObject({ standing: 'onTrack', atRiskAt: null, remainingMinutes: 60 });

		// 72 calendar hours from Friday 12:00 Paris: due Monday 12:00 Paris, 2 h from now; at risk after 54 h, Sunday 18:00.
		const calendar = await openCase(check({ durationAmount: 72, durationUnit: 'calendarHours' }), [cases[1]]);
		expect(calendar.json(WAIT, 1)[0].sla).toMatchObject({
			standing: 'atRisk',
			dueAt: '2026-12-07T11:00:00.000Z',
			atRiskAt: '2026-12-06T17:00:00.000Z',
			remainingMinutes: 120,
		});
	});

	it('with continue-on-fail, sends a case with a bad start down the error output and routes the others', async () => {
		setClock(NOW);
		const result = await openCase(check({}, { onError: 'continueErrorOutput' }), [
			cases[0],
			{ case: { id: 'bad' }, feedback: { submittedAt: 'yesterday' } },
		]);
		expect(result.error).toBeUndefined();
		const outputs = result.outputs(WAIT);
		expect(outputs).toHaveLength(5);
		expect(outputs[2].map((item) => (item.json.case as IDataObject).id)).toEqual(['on-track']);
		expect(outputs[4]).toHaveLength(1);
		expect(outputs[4][0].json).toMatchObject({ case: { id: 'bad' }, error: expect.stringContaining('SLA Starts') });
	});

	it('fails on a resolution time it cannot read, naming Resolved At', async () => {
		setClock(NOW);
		const result = await openCase(check(), [{ case: { id: 'x', resolvedAt: 'soon' }, feedback: { submittedAt: NOW } }]);
		expect(result.error?.message).toContain('Resolved At');
	});
});
