import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { readDataTableSeeds, readWorkflows } from '../../scripts/n8n-server.cjs';
import { readFixture } from '../support/fixtures.cjs';
import { checkStickyNoteFit } from '../support/stickyNoteFit';
import type { RunResult, WorkflowJson } from './harness';
import { STICKY_NOTE_TYPE, callWebhookMethod, loadPackageNodeTypes, loadWorkflow, refuseOutsideNetwork, runWebhook, runWithItems } from './harness';
import { DEFAULT_CASE_TABLE } from '../../nodes/CreateCase/providers/dataTable';
import { FakeDataTableApi } from './dataTableApi';
import type { DataTableRows, SentMessage } from './n8nStandIns';
import { seededDataTables, templateStandIns } from './n8nStandIns';

const CLASSIFY = 'Score & Classify';
const ALERT = 'Alert Rule';
const SLA_WAIT = 'SLA Wait';
const SENDERS = ['Email the owner', 'Post to Slack', 'Email the coach'];
/**
 * The nodes an alerted response runs through before its execution waits in SLA Wait; the senders ship turned off,
 * so n8n passes the alert through them unsent.
 */
const SHIPPED_ORDER = ['Survey Trigger', CLASSIFY, 'Read alert owners', 'Responses, once owners are read', ALERT, 'Create Case', 'Email the owner', 'Post to Slack', 'Alerts, once sent', SLA_WAIT];
const SLA_POLICY = 'First contact within 2 business days';
/** Only Date is faked: the engine's own timers run as usual. */
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
const fixNow = (iso: string) => jest.useFakeTimers({ now: new Date(iso), doNotFake: [...REAL_TIMERS] });
const nodeTypes = templateStandIns();
const known = () => new Set([...loadPackageNodeTypes().keys(), ...Object.keys(nodeTypes), STICKY_NOTE_TYPE]);

/** The items an execution waits with, as n8n saves them: the input of the node on top of its execution stack. */
function waitingItems(result: RunResult): IDataObject[] {
	const [waiting] = result.run?.data.executionData?.nodeExecutionStack ?? [];
	return (waiting?.data.main[0] ?? []).map((item) => item.json);
}

/** The links the owner's email carries in its HTML, as a browser reads them. */
const emailLinks = (html: string): string[] => [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
/** The confirm link: the one that resumes SLA Wait. */
const confirmLink = (html: string): string => emailLinks(html).find((link) => link.includes('/webhook-waiting/')) ?? '';

/** The template once its senders are set up and turned on, as its sticky note asks. */
function withSendersOn(workflow: WorkflowJson, senders = SENDERS): WorkflowJson {
	return { ...workflow, nodes: workflow.nodes.map((node) => (senders.includes(node.name) ? { ...node, disabled: false } : node)) };
}

/** The case store the templates' Create Case uses: this n8n's Data Tables, reached through its public API. */
const CASE_STORE_ORIGIN = 'http://127.0.0.1:5678';
const CASE_STORE_KEY = ['template', 'test', 'key'].join('-');
const caseStoreCredential = { closedLoopN8nApi: { baseUrl: CASE_STORE_ORIGIN, apiKey: CASE_STORE_KEY } };
let caseStore: FakeDataTableApi;

beforeAll(() => refuseOutsideNetwork());
beforeEach(() => {
	caseStore = new FakeDataTableApi(CASE_STORE_ORIGIN, CASE_STORE_KEY);
	caseStore.install();
});
afterEach(() => {
	nock.cleanAll();
	jest.useRealTimers();
});

describe('Template "NPS detractor recovery" (Typeform), run as shipped', () => {
	const template = loadWorkflow('workflows/nps-detractor-recovery.json');
	const credentials = { closedLoopTypeformApi: { accessToken: 'tfp_example_token', baseUrl: 'https://api.typeform.com' }, ...caseStoreCredential };

	/** The template once the admin has picked the credential and the form, as the sticky note asks. */
	function configured() {
		const workflow = { ...template, staticData: {} as IDataObject, nodes: template.nodes.map((node) => ({ ...node })) };
		const trigger = workflow.nodes.find((node) => node.name === 'Survey Trigger')!;
		trigger.parameters = { ...trigger.parameters, formId: 'Lm4sPq9w' };
		trigger.credentials = { closedLoopTypeformApi: { id: 'typeform-1', name: 'Typeform' } };
		return workflow;
	}

	it('uses only our node types and sticky notes, and starts from a Typeform Survey Trigger', () => {
		expect(template.nodes.map((node) => node.type).filter((type) => !known().has(type))).toEqual([]);
		const trigger = template.nodes.find((node) => node.name === 'Survey Trigger');
		expect(trigger?.parameters).toMatchObject({ source: 'typeform', registration: 'automatic', path: 'nps-detractor-recovery' });
	});

	it('registers on activation, then classifies a signed French detractor', async () => {
		const workflow = configured();
		let secret = '';
		nock('https://api.typeform.com')
			.put(/\/forms\/Lm4sPq9w\/webhooks\//, (body: IDataObject) => {
				secret = String(body.secret);
				return true;
			})
			.reply(200, {});
		await callWebhookMethod(workflow, { node: 'Survey Trigger', method: 'create', credentials, nodeTypes });

		const body = readFixture('typeform/french-response.json');
		const signature = `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
		// Received two minutes after the customer submitted it (Wednesday 08:44 in Paris, before opening time).
		fixNow('2026-11-25T07:46:37Z');
		const result = await runWebhook(workflow, {
			node: 'Survey Trigger',
			credentials,
			nodeTypes,
			request: { path: 'nps-detractor-recovery', rawBody: body, headers: { 'Typeform-Signature': signature } },
		});

		expect(result.error).toBeUndefined();
		expect(result.http).toMatchObject({ status: 200, body: { status: 'accepted', feedbackId: expect.stringMatching(/^typeform:/) } });
		expect(result.order).toEqual(SHIPPED_ORDER);
		const [item] = result.json(CLASSIFY);
		expect(item.classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
		expect(result.json(ALERT)[0].alert).toMatchObject({ outcome: 'alert', rule: 'Late delivery', owner: { name: 'Delivery desk' } });
		expect(item.feedback).toMatchObject({
			locale: 'fr-FR',
			comment: expect.stringMatching(/Colis abîmé/),
			respondent: expect.objectContaining({ customerId: 'FR-2291', email: 'claire.martin@example.fr' }),
		});
		// Submitted Wednesday 25 November 08:44 Paris: the clock starts at Wednesday's opening, 09:00, so two business
		// days run to Thursday's closing, 26 November 18:00 Paris (17:00 UTC).
		expect(result.run?.status).toBe('waiting');
		expect(result.run?.waitTill?.toISOString()).toBe('2026-11-26T17:00:00.000Z');
		expect(waitingItems(result)[0].sla).toMatchObject({ policy: SLA_POLICY, startedAt: '2026-11-25T07:44:37.000Z', dueAt: '2026-11-26T17:00:00.000Z' });
	});

	it('refuses an unsigned delivery with 401 before anything runs', async () => {
		const result = await runWebhook(configured(), {
			node: 'Survey Trigger',
			credentials,
			nodeTypes,
			request: { path: 'nps-detractor-recovery', rawBody: readFixture('typeform/french-response.json') },
		});
		expect(result.http?.status).toBe(401);
		expect(result.started).toBe(false);
	});
});

describe('Template "NPS detractor recovery (Custom JSON)", run as shipped', () => {
	const workflow = loadWorkflow('workflows/nps-detractor-recovery-custom-json.json');

	it('uses only our node types and sticky notes', () => {
		expect(workflow.nodes.map((node) => node.type).filter((type) => !known().has(type))).toEqual([]);
	});

	const post = (template: WorkflowJson, body: IDataObject, options: { sent?: SentMessage[] } = {}) =>
		runWebhook(template, {
			node: 'Survey Trigger',
			credentials: caseStoreCredential,
			nodeTypes: options.sent ? templateStandIns(options.sent) : nodeTypes,
			request: { path: 'nps-detractor-recovery-json', body },
		});
	const frenchLateDelivery = {
		responseId: 'r-1001',
		score: 3,
		comment: 'Livraison en retard, colis abîmé et personne au service client.',
		email: 'claire@example.fr',
		touchpoint: 'delivery',
		store: 'Lyon',
		locale: 'fr-FR',
	};
	/** A fresh copy, so each test has its own cooldown memory (by workflow id). */
	let copies = 0;
	const fresh = (template: WorkflowJson = workflow): WorkflowJson => ({ ...template, id: `${template.id}-copy-${++copies}` });

	it('classifies a French detractor posted to its webhook, and alerts the delivery desk about the late delivery', async () => {
		const result = await post(fresh(), frenchLateDelivery);

		expect(result.error).toBeUndefined();
		expect(result.http).toMatchObject({ status: 200, body: { status: 'accepted', feedbackId: 'custom-json:r-1001' } });
		expect(result.order).toEqual(SHIPPED_ORDER);
		const [item] = result.json(CLASSIFY);
		expect(item.classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
		expect((item.feedback as IDataObject).locale).toBe('fr-FR');
		const [alerted] = result.json(ALERT, 0);
		expect(alerted.alert).toMatchObject({
			outcome: 'alert',
			rule: 'Late delivery',
			owner: { name: 'Delivery desk', email: 'delivery-desk@example.com' },
			coach: { name: 'Head of logistics' },
			message: { language: 'fr' },
		});
	});

	it('suppresses a second response from the same customer within the cooldown', async () => {
		const template = fresh();
		await post(template, frenchLateDelivery);
		const second = await post(template, { ...frenchLateDelivery, responseId: 'r-1002', comment: 'Toujours pas de colis' });

		expect(second.json(ALERT, 0)).toEqual([]);
		expect(second.json(ALERT, 2)[0].alert).toMatchObject({ outcome: 'suppressed', rule: 'Late delivery' });
	});

	it('routes other detractors to their store’s owner from the Alert owners Data Table, and the rest to the CX desk', async () => {
		const template = fresh();
		const paris = await post(template, { responseId: 'r-2001', score: 5, comment: 'Vendeur désagréable', email: 'a@example.fr', touchpoint: 'store', store: 'Paris' });
		const nowhere = await post(template, { responseId: 'r-2002', score: 5, comment: 'Vendeur désagréable', email: 'b@example.fr', touchpoint: 'store', store: 'Nice' });
		const promoter = await post(template, { responseId: 'r-2003', score: 10, comment: 'Parfait', email: 'c@example.fr', touchpoint: 'store', store: 'Paris' });

		expect(paris.json(ALERT, 0)[0].alert).toMatchObject({ rule: 'Detractor', owner: { name: 'Hugo Petit' }, coach: { name: 'Paul Girard' } });
		expect(nowhere.json(ALERT, 0)[0].alert).toMatchObject({ rule: 'Detractor', owner: { name: 'CX desk' }, coach: { name: 'Head of CX' } });
		expect(promoter.json(ALERT, 1)[0].alert).toMatchObject({ outcome: 'noAlert', reason: expect.stringContaining('None of the 2 rules matched') });
	});

	it('once its senders are turned on, emails the owner the full alert and posts the masked one to Slack', async () => {
		const sent: SentMessage[] = [];
		const result = await post(fresh(withSendersOn(workflow)), frenchLateDelivery, { sent });

		expect(result.error).toBeUndefined();
		const email = sent.find((message) => message.node === 'Email the owner');
		const slack = sent.find((message) => message.node === 'Post to Slack');
		expect(email?.fields).toMatchObject({ toEmail: 'delivery-desk@example.com', subject: expect.stringContaining('NPS 3/10') });
		expect(email?.fields.html).toContain('claire@example.fr');
		expect(slack?.fields.text).toContain('NPS 3/10');
		expect(slack?.fields.text).not.toContain('claire@example.fr');
	});

	it('waits in SLA Wait once the alert is sent, until the first-contact deadline, with the SLA on the waiting item', async () => {
		// Tuesday 1 December 2026, 10:00 in Paris.
		fixNow('2026-12-01T09:00:00Z');
		const result = await post(fresh(), frenchLateDelivery);

		expect(result.error).toBeUndefined();
		expect(result.order).toEqual(SHIPPED_ORDER);
		expect(result.run?.status).toBe('waiting');
		// Two business days from Tuesday 10:00 is Thursday 10:00 (09:00 UTC). At risk after 75 % of its 18 open hours,
		// 13 h 30: Tuesday 10:00-18:00 is 8 h, then 5 h 30 from Wednesday 09:00 is 14:30 (13:30 UTC).
		expect(result.run?.waitTill?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
		const [waiting] = waitingItems(result);
		expect(waiting.sla).toMatchObject({
			policy: SLA_POLICY,
			startedAt: '2026-12-01T09:00:00.000Z',
			dueAt: '2026-12-03T09:00:00.000Z',
			atRiskAt: '2026-12-02T13:30:00.000Z',
			outcome: 'breached',
			breachedAt: '2026-12-03T09:00:00.000Z',
		});
		expect(new URL(String((waiting.sla as IDataObject).resumeUrl)).pathname).toMatch(/^\/webhook-waiting\/[^/]+\/sla$/);
		// The whole record waits with it: the alert the escalation needs and the feedback.
		expect(waiting.alert).toMatchObject({ rule: 'Late delivery', coach: { email: 'logistics-lead@example.com' } });
		expect((waiting.feedback as IDataObject).id).toBe('custom-json:r-1001');
	});

	it('does not wait for a response that alerts nobody', async () => {
		const promoter = await post(fresh(), { responseId: 'r-3001', score: 10, comment: 'Parfait', email: 'c@example.fr', store: 'Paris' });
		expect(promoter.run?.status).toBe('success');
		expect(promoter.order).not.toContain(SLA_WAIT);
	});

	it('once its senders are turned on, gives the owner a confirm link that is the resume URL SLA Wait puts on the item', async () => {
		const sent: SentMessage[] = [];
		const result = await post(fresh(withSendersOn(workflow)), frenchLateDelivery, { sent });

		expect(result.run?.status).toBe('waiting');
		const resumeUrl = String((waitingItems(result)[0].sla as IDataObject).resumeUrl);
		const email = sent.find((message) => message.node === 'Email the owner');
		expect(confirmLink(email?.fields.html ?? '')).toBe(`${resumeUrl}&event=resolved`);
		expect(email?.fields.text).toContain(`Confirmez ici: ${resumeUrl}&event=resolved`);
		expect(new URL(confirmLink(email?.fields.html ?? '')).searchParams.get('event')).toBe('resolved');
		// The case opened before the email stores the same link, so closing it resumes this wait.
		const [stored] = caseStore.rows(DEFAULT_CASE_TABLE);
		expect(stored).toMatchObject({ caseKey: 'custom-json:r-1001', resumeUrl, status: 'open' });
		// And the email links the close form for this case, on the same n8n.
		const closeForm = new URL(emailLinks(email?.fields.html ?? '').find((link) => link.includes('/form/')) ?? '');
		expect([closeForm.origin, closeForm.pathname, closeForm.searchParams.get('caseKey')]).toEqual([new URL(resumeUrl).origin, '/form/close-case', 'custom-json:r-1001']);
		expect(email?.fields.text).toContain(`Clore le dossier: ${closeForm.href}`);
		// Nothing is escalated while the SLA runs.
		expect(sent.map((message) => message.node)).not.toContain('Email the coach');
	});

	it('escalates to the coach at once a response that arrives after its SLA ran out, and closes nothing', async () => {
		// Submitted Friday 20 November 10:00 Paris, received Tuesday 1 December: due Tuesday 24 November 10:00.
		fixNow('2026-12-01T09:00:00Z');
		const sent: SentMessage[] = [];
		const result = await post(fresh(withSendersOn(workflow)), { ...frenchLateDelivery, submittedAt: '2026-11-20T10:00:00+01:00' }, { sent });

		expect(result.error).toBeUndefined();
		expect(result.run?.status).toBe('success');
		expect(result.order).toEqual([...SHIPPED_ORDER, 'Email the coach']);
		const [breached] = result.json(SLA_WAIT, 0);
		expect(breached.sla).toMatchObject({ outcome: 'breached', dueAt: '2026-11-24T09:00:00.000Z', resolvedAt: null });
		const coach = sent.find((message) => message.node === 'Email the coach');
		expect(coach?.fields).toMatchObject({ toEmail: 'logistics-lead@example.com', subject: expect.stringMatching(/^SLA dépassé : /) });
		expect(coach?.fields.text).toContain(`SLA dépassé: ${SLA_POLICY}`);
		expect(coach?.fields.text).toContain('Responsable: Delivery desk <delivery-desk@example.com>');
		expect(coach?.fields.text).toContain('Échéance: 2026-11-24 10:00 (Europe/Paris)');
		expect(coach?.fields.text).toContain('Toujours sans réponse.');
		expect(result.json('Loop closed')).toEqual([]);
	});

	it('ships its senders turned off, so an offline start sends nothing', () => {
		expect(workflow.nodes.filter((node) => SENDERS.includes(node.name)).map((node) => node.disabled)).toEqual([true, true, true]);
	});

	it('refuses an unreadable response with 400 before anything runs', async () => {
		const result = await runWebhook(workflow, { node: 'Survey Trigger', nodeTypes, request: { path: 'nps-detractor-recovery-json', body: { score: 'dix' } } });
		expect(result.http).toMatchObject({ status: 400, body: { field: 'score' } });
		expect(result.started).toBe(false);
	});
});

describe('Template "SLA sweep over open cases", run as shipped', () => {
	const sweep = loadWorkflow('workflows/sla-sweep.json');
	const CHECK = 'Check the SLAs';
	const SWEEP_SENDERS = ['Email the coach', 'Warn the owner'];
	const OUTPUT = { breached: 0, atRisk: 1, onTrack: 2, met: 3 } as const;
	const people = {
		ownerName: 'Claire Martin',
		ownerEmail: 'claire.martin@example.com',
		coachName: 'Paul Girard',
		coachEmail: 'paul.girard@example.com',
	};
	/**
	 * The sweep runs on Thursday 12 November 2026 at 15:00 in Paris (UTC+1). Wednesday 11 November is Armistice Day,
	 * a French public holiday, so it is no business day. Policy: 2 business days, Monday-Friday 09:00-18:00, at risk
	 * after 75 % of the counted time (13 h 30 of 18 h).
	 */
	const NOW = '2026-11-12T14:00:00Z';
	const openCases = (): DataTableRows => ({
		'Open cases': [
			// Tuesday 10:00 → Thursday 10:00 is 1 day, Friday 13 10:00 the deadline; at risk from Thursday 14:30. At risk.
			{ id: 1, caseId: 'C-2001', customerEmail: 'a@example.fr', ...people, openedAt: '2026-11-10T10:00:00+01:00', resolvedAt: null, status: 'open' },
			// Tuesday 09:30 → due Friday 09:30, at risk from Thursday 14:00; its owner was warned by an earlier sweep.
			{ id: 2, caseId: 'C-2002', customerEmail: 'b@example.fr', ...people, openedAt: '2026-11-10T09:30:00+01:00', resolvedAt: null, status: 'warned' },
			// Monday 9 14:00 → Tuesday 14:00, then Thursday 14:00 (the holiday skipped): due an hour ago, still open. Breached.
			{ id: 3, caseId: 'C-2003', customerEmail: 'c@example.fr', ...people, openedAt: '2026-11-09T13:00:00Z', resolvedAt: null, status: 'open' },
			// Tuesday 16:00 → due Friday 16:00, at risk from Friday 11:30: on track. Without the holiday it would be due
			// Thursday 16:00 and at risk since 11:30. Written as a case store writes it, in Paris time without an offset.
			{ id: 4, caseId: 'C-2004', customerEmail: 'd@example.fr', ...people, openedAt: '2026-11-10 16:00:00', resolvedAt: '', status: 'open' },
			// Monday 11:00 → due Thursday 11:00, resolved Thursday 10:30. Met.
			{ id: 5, caseId: 'C-2005', customerEmail: 'e@example.fr', ...people, openedAt: '2026-11-09T11:00:00+01:00', resolvedAt: '2026-11-12T10:30:00+01:00', status: 'open' },
			// Friday 6 09:00, the opening: 2 days end Monday 9 at 18:00. Resolved Thursday 09:15, late. Breached.
			{ id: 6, caseId: 'C-2006', customerEmail: 'f@example.fr', ...people, openedAt: '2026-11-06T09:00:00+01:00', resolvedAt: '2026-11-12T09:15:00+01:00', status: 'open' },
			// Done with: the sweep does not read them.
			{ id: 7, caseId: 'C-2007', customerEmail: 'g@example.fr', ...people, openedAt: '2026-11-02T09:00:00+01:00', resolvedAt: null, status: 'escalated' },
			{ id: 8, caseId: 'C-2008', customerEmail: 'h@example.fr', ...people, openedAt: '2026-11-02T09:00:00+01:00', resolvedAt: '2026-11-03T09:00:00+01:00', status: 'closed' },
		],
	});
	const caseIds = (items: IDataObject[]) => items.map((item) => item.caseId);
	const statuses = (tables: DataTableRows) => Object.fromEntries(tables['Open cases'].map((row) => [row.caseId, row.status]));

	async function sweepAt(now: string, tables: DataTableRows, template: WorkflowJson = sweep, sent: SentMessage[] = []) {
		fixNow(now);
		// The schedule fires nothing in the harness: the run starts where the trigger hands over.
		return await runWithItems(template, { node: 'Read open cases', items: [{}], nodeTypes: templateStandIns(sent, tables) });
	}

	it('uses only our node types and sticky notes, starts from an hourly schedule, and ships its senders off', () => {
		expect(sweep.nodes.map((node) => node.type).filter((type) => !known().has(type))).toEqual([]);
		expect(sweep.nodes.find((node) => node.name === 'Every hour')?.parameters).toMatchObject({ rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } });
		expect(sweep.nodes.filter((node) => SWEEP_SENDERS.includes(node.name)).map((node) => node.disabled)).toEqual([true, true]);
	});

	it('reads the open cases and sends each to At Risk, Breached, Met or On Track at a fixed time', async () => {
		const tables = openCases();
		const result = await sweepAt(NOW, tables);

		expect(result.error).toBeUndefined();
		expect(caseIds(result.json('Read open cases'))).toEqual(['C-2001', 'C-2002', 'C-2003', 'C-2004', 'C-2005', 'C-2006']);
		expect(caseIds(result.json(CHECK, OUTPUT.atRisk))).toEqual(['C-2001', 'C-2002']);
		expect(caseIds(result.json(CHECK, OUTPUT.breached))).toEqual(['C-2003', 'C-2006']);
		expect(caseIds(result.json(CHECK, OUTPUT.met))).toEqual(['C-2005']);
		expect(caseIds(result.json(CHECK, OUTPUT.onTrack))).toEqual(['C-2004']);
		const [atRisk] = result.json(CHECK, OUTPUT.atRisk);
		// Thursday 15:00-18:00 and Friday 09:00-10:00: 4 business hours left.
		expect(atRisk.sla).toMatchObject({ standing: 'atRisk', dueAt: '2026-11-13T09:00:00.000Z', atRiskAt: '2026-11-12T13:30:00.000Z', remainingMinutes: 240 });
		const breached = result.json(CHECK, OUTPUT.breached);
		expect(breached.map((item) => item.sla)).toMatchObject([
			{ outcome: 'breached', dueAt: '2026-11-12T13:00:00.000Z', resolvedAt: null },
			{ outcome: 'breached', dueAt: '2026-11-09T17:00:00.000Z', resolvedAt: '2026-11-12T08:15:00.000Z' },
		]);
		expect(result.json(CHECK, OUTPUT.onTrack)[0].sla).toMatchObject({ dueAt: '2026-11-13T15:00:00.000Z', atRiskAt: '2026-11-13T10:30:00.000Z' });
		// What the sweep wrote back: warned once, escalated once, closed.
		expect(statuses(tables)).toEqual({
			'C-2001': 'warned',
			'C-2002': 'warned',
			'C-2003': 'escalated',
			'C-2004': 'open',
			'C-2005': 'closed',
			'C-2006': 'escalated',
			'C-2007': 'escalated',
			'C-2008': 'closed',
		});
	});

	it('once its senders are on, warns each owner and escalates each breach once, however often it sweeps', async () => {
		const tables = openCases();
		const sent: SentMessage[] = [];
		const template = withSendersOn(sweep, SWEEP_SENDERS);
		await sweepAt(NOW, tables, template, sent);

		expect(sent.map((message) => [message.node, message.fields.toEmail, message.fields.subject])).toEqual([
			['Email the coach', 'paul.girard@example.com', 'SLA breached: case C-2003'],
			['Email the coach', 'paul.girard@example.com', 'SLA breached: case C-2006'],
			['Warn the owner', 'claire.martin@example.com', 'SLA at risk: case C-2001'],
		]);
		const [late, resolvedLate, warning] = sent.map((message) => message.fields.text);
		expect(late).toContain('Due: 2026-11-12 14:00 (Europe/Paris)');
		expect(late).toContain('Still not resolved.');
		expect(resolvedLate).toContain('Resolved late, on 2026-11-12 09:15 (Europe/Paris).');
		expect(warning).toContain('is due 2026-11-13 10:00 (Europe/Paris): 4 h 0 min of business time left');

		// The next hour: nothing new to say.
		sent.length = 0;
		const next = await sweepAt('2026-11-12T15:00:00Z', tables, template, sent);
		expect(next.error).toBeUndefined();
		expect(caseIds(next.json(CHECK, OUTPUT.atRisk))).toEqual(['C-2001', 'C-2002']);
		expect(sent).toEqual([]);
	});

	it('reads the Open cases Data Table the repository seeds, with every column the sweep uses', async () => {
		const seeded = seededDataTables();
		const seed = readDataTableSeeds().find((table) => table.name === 'Open cases');
		const columns = seed?.columns.map((column) => column.name) ?? [];
		const used = [...new Set([...JSON.stringify(sweep.nodes).matchAll(/\$json\.(\w+)/g)].map((match) => match[1]))].filter((name) => !['id', 'sla'].includes(name));
		expect(used.filter((name) => !columns.includes(name))).toEqual([]);
		const result = await sweepAt('2026-12-01T09:00:00Z', seeded);
		expect(result.error).toBeUndefined();
		expect(result.json('Read open cases')).toHaveLength(seed?.rows?.length ?? -1);
	});
});

describe('Sticky notes in every template', () => {
	/** n8n's default when a sticky note has no width of its own (n8n-nodes-base StickyNote). */
	const DEFAULT_STICKY_WIDTH = 240;
	const templates = readWorkflows();
	const notes = templates.flatMap((workflow) =>
		workflow.nodes
			.filter((node) => node.type === STICKY_NOTE_TYPE)
			.map((node) => ({
				where: `${workflow.name} / ${node.name}`,
				content: String(node.parameters.content ?? ''),
				width: Number(node.parameters.width ?? DEFAULT_STICKY_WIDTH),
			})),
	);

	it('finds a note in each template, saying what to set up', () => {
		expect(templates.length).toBeGreaterThan(0);
		expect(templates.filter((workflow) => !workflow.nodes.some((node) => node.type === STICKY_NOTE_TYPE)).map((workflow) => workflow.name)).toEqual([]);
	});

	it.each(notes)('$where: every code line and every word fits the note at 100 % zoom', ({ content, width }) => {
		const { overflowing } = checkStickyNoteFit(content, width);
		const described = overflowing.map(
			(entry) => `line ${entry.line} (${entry.kind}) "${entry.text}" needs ${Math.ceil(entry.widthPx)} px, has ${entry.availablePx} px`,
		);
		expect(described).toEqual([]);
	});

	it.each(notes)('$where: names n8n 2.x\'s Publish button, not the 1.x activation toggle', ({ content }) => {
		expect(content).not.toMatch(/\btoggle\b|\b(de)?activat(e|ed|es|ing|ion)\b/i);
	});
});
