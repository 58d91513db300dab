import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { readWorkflows } from '../../scripts/n8n-server.cjs';
import { readFixture } from '../support/fixtures.cjs';
import { checkStickyNoteFit } from '../support/stickyNoteFit';
import { STICKY_NOTE_TYPE, callWebhookMethod, loadPackageNodeTypes, loadWorkflow, refuseOutsideNetwork, runWebhook } from './harness';

const CLASSIFY = 'Score & Classify';
const known = () => new Set([...loadPackageNodeTypes().keys(), STICKY_NOTE_TYPE]);

beforeAll(() => refuseOutsideNetwork());
afterEach(() => nock.cleanAll());

describe('Template "NPS detractor recovery" (Typeform), run as shipped', () => {
	const template = loadWorkflow('workflows/nps-detractor-recovery.json');
	const credentials = { closedLoopTypeformApi: { accessToken: 'tfp_example_token', baseUrl: 'https://api.typeform.com' } };

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
		await callWebhookMethod(workflow, { method: 'create', credentials });

		const body = readFixture('typeform/french-response.json');
		const signature = `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
		const result = await runWebhook(workflow, {
			credentials,
			request: { path: 'nps-detractor-recovery', rawBody: body, headers: { 'Typeform-Signature': signature } },
		});

		expect(result.error).toBeUndefined();
		expect(result.http).toMatchObject({ status: 200, body: { status: 'accepted', feedbackId: expect.stringMatching(/^typeform:/) } });
		expect(result.order).toEqual(['Survey Trigger', CLASSIFY]);
		const [item] = result.json(CLASSIFY);
		expect(item.classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
		expect(item.feedback).toMatchObject({
			locale: 'fr-FR',
			comment: expect.stringMatching(/Colis abîmé/),
			respondent: expect.objectContaining({ customerId: 'FR-2291', email: 'claire.martin@example.fr' }),
		});
	});

	it('refuses an unsigned delivery with 401 before anything runs', async () => {
		const result = await runWebhook(configured(), {
			credentials,
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

	it('classifies a French detractor posted to its webhook', async () => {
		const result = await runWebhook(workflow, {
			request: {
				path: 'nps-detractor-recovery-json',
				body: {
					responseId: 'r-1001',
					score: 3,
					comment: 'Livraison en retard, colis abîmé et personne au service client.',
					email: 'claire@example.fr',
					touchpoint: 'delivery',
					locale: 'fr-FR',
				},
			},
		});

		expect(result.error).toBeUndefined();
		expect(result.http).toMatchObject({ status: 200, body: { status: 'accepted', feedbackId: 'custom-json:r-1001' } });
		expect(result.order).toEqual(['Survey Trigger', CLASSIFY]);
		const [item] = result.json(CLASSIFY);
		expect(item.classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
		expect((item.feedback as IDataObject).locale).toBe('fr-FR');
	});

	it('refuses an unreadable response with 400 before anything runs', async () => {
		const result = await runWebhook(workflow, { request: { path: 'nps-detractor-recovery-json', body: { score: 'dix' } } });
		expect(result.http).toMatchObject({ status: 400, body: { field: 'score' } });
		expect(result.started).toBe(false);
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
