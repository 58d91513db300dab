/**
 * Case drafts and close records for provider tests, built the way Create Case builds them (core/caseRecord), so a
 * provider test sends what the node will send.
 */
import { closeIntegrity, DEFAULT_ROOT_CAUSES, readCaseClosure } from '../../nodes/core/caseClosure';
import type { CaseClose, CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey, closeRecord } from '../../nodes/core/caseRecord';
import type { AnyCaseProvider } from '../../nodes/CreateCase/providers/types';
import type { ApiClient } from '../../nodes/shared/apiClient';

/** A French detractor's case, P1, with its owner, due date and SLA resume link. */
export function sampleDraft(overrides: Partial<CaseDraft> = {}): CaseDraft {
	const key = overrides.key ?? 'typeform:resp_8f2c';
	return {
		key,
		idempotencyKey: caseIdempotencyKey(key),
		subject: 'Détracteur (2) — Livraison — Claire M.',
		description: '**Détracteur** (2) — Livraison\n**Commentaire :** « Colis arrivé abîmé »',
		descriptionHtml: '<p><strong>Détracteur</strong> (2) — Livraison<br><strong>Commentaire :</strong> « Colis arrivé abîmé »</p>',
		language: 'fr',
		priority: 'P1',
		providerPriority: null,
		requester: { name: 'Claire Martin', email: 'claire.martin@example.fr', phone: null },
		assignee: { name: 'Hugo Bernard', email: 'hugo.bernard@acme.example', phone: null, helpdeskUserId: null },
		dueAt: '2030-03-04T16:00:00.000Z',
		resumeUrl: 'https://n8n.acme.example/webhook-waiting/812/sla?signature=abc&event=resolved',
		revision: 1,
		feedbackId: 'resp_8f2c',
		tags: ['closed-loop', 'detractor', 'delivery'],
		facts: {
			source: 'typeform',
			category: 'detractor',
			score: 2,
			metric: 'nps',
			comment: 'Colis arrivé abîmé',
			topics: ['delivery'],
			touchpoint: 'delivery',
			customerId: 'C-1042',
			submittedAt: '2030-03-01T09:12:00.000Z',
		},
		warnings: [],
		...overrides,
	};
}

/** The close form as an owner fills it, in the case's language, with the integrity verdict core gives it. */
export function sampleClose(answers: Record<string, unknown>, language: 'en' | 'fr' = 'en'): CaseClose {
	const closure = readCaseClosure(answers);
	const verdict = closeIntegrity(closure);
	return closeRecord(closure, verdict, { language, rootCauses: DEFAULT_ROOT_CAUSES, closedAt: new Date('2030-03-03T10:00:00.000Z') });
}

/** What Create Case's Create does with a provider when no revision is newer: find, else create and converge. */
export async function createAsTheNodeDoes(
	api: ApiClient,
	provider: AnyCaseProvider,
	caseDraft: CaseDraft,
	settings: unknown,
): Promise<{ outcome: 'created' | 'found'; stored: StoredCase }> {
	const found = await provider.find(api, caseDraft.key, settings);
	if (found) return { outcome: 'found', stored: found };
	const created = await provider.create(api, caseDraft, settings);
	return { outcome: 'created', stored: provider.converge ? await provider.converge(api, created, caseDraft.key, settings) : created };
}
