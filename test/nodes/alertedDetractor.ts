/**
 * A French detractor as Alert Rule sends it on: classified P1 with a delivery topic, alerted to the delivery desk.
 * Create Case's node tests start from it, whatever the provider.
 */
import type { IDataObject } from 'n8n-workflow';

export function alertedDetractor(overrides: { id?: string; revision?: number; comment?: string; locale?: string; sla?: IDataObject } = {}): IDataObject {
	return {
		feedback: {
			id: overrides.id ?? 'resp-1001',
			revision: overrides.revision ?? 1,
			source: 'custom-json',
			touchpoint: 'delivery',
			// Tuesday 24 November 2026, 17:05 in Paris: two business days later is Thursday 26th, 17:05.
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: overrides.locale ?? 'fr-FR',
			respondent: { customerId: 'C-881', email: 'claire.martin@exemple.fr', name: 'Claire Martin', phone: '+33 6 12 34 56 78' },
			metrics: [{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10 }],
			comment: overrides.comment ?? 'Livraison en retard de trois jours et personne ne répond',
			hidden: { store: 'Lyon' },
		},
		classification: {
			category: 'detractor',
			primaryMetric: 'nps',
			metrics: [{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10, questionId: null, category: 'detractor' }],
			topics: [{ topic: 'delivery', label: 'Livraison', matched: ['livraison en retard'] }],
			priority: 'P1',
			reasons: ['NPS 2 is a detractor'],
		},
		alert: {
			outcome: 'alert',
			rule: 'Late delivery',
			owner: { name: 'Delivery desk', email: 'delivery-desk@example.com', phone: null, helpdeskUserId: null },
			coach: { name: 'Head of logistics', email: 'logistics-lead@example.com', phone: null, helpdeskUserId: null },
			message: null,
			reasons: ['classification.category is "detractor"'],
			route: null,
			reason: 'first alert',
			key: 'k',
			keyField: 'respondent.customerId',
			at: '2026-11-24T16:05:01.000Z',
			revision: overrides.revision ?? 1,
			earlierAlertAt: null,
		},
		...(overrides.sla ? { sla: overrides.sla } : {}),
	};
}
