import { createHmac } from 'crypto';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { readFixture } from '../support/fixtures.cjs';
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
