import type { IDataObject } from 'n8n-workflow';

import { STICKY_NOTE_TYPE, loadPackageNodeTypes, loadWorkflow, runWebhook } from './harness';

const TEMPLATE = 'workflows/nps-detractor-recovery.json';

describe('Template "NPS detractor recovery", run as shipped', () => {
	const workflow = loadWorkflow(TEMPLATE);

	it('uses only our node types and sticky notes', () => {
		const known = new Set([...loadPackageNodeTypes().keys(), STICKY_NOTE_TYPE]);
		expect(workflow.nodes.map((node) => node.type).filter((type) => !known.has(type))).toEqual([]);
	});

	it('classifies a French detractor posted to its webhook', async () => {
		const result = await runWebhook(workflow, {
			request: {
				path: 'nps-detractor-recovery',
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
		expect(result.order).toEqual(['Survey Trigger', 'Score & Classify']);
		const [item] = result.json('Score & Classify');
		expect((item.classification as IDataObject).category).toBe('detractor');
		expect((item.classification as IDataObject).primaryMetric).toBe('nps');
		expect((item.feedback as IDataObject).locale).toBe('fr-FR');
	});

	it('refuses an unreadable response with 400 before anything runs', async () => {
		const result = await runWebhook(workflow, { request: { path: 'nps-detractor-recovery', body: { score: 'dix' } } });

		expect(result.http).toMatchObject({ status: 400, body: { field: 'score' } });
		expect(result.started).toBe(false);
	});
});
