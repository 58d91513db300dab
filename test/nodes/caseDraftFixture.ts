/** A case draft as Create Case hands it to a provider (core/caseRecord's `draftCase`), for providers' tests. */
import type { CaseDraft } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey } from '../../nodes/core/caseRecord';

/** An English P1 detractor with requester, owner, due date and resume link; `key` also sets the idempotency key. */
export function caseDraft(overrides: Partial<CaseDraft> & { key: string }): CaseDraft {
	return {
		idempotencyKey: caseIdempotencyKey(overrides.key),
		subject: 'Detractor (2) — delivery — J. Smith',
		description: 'Detractor (2) — checkout\nPriority: P1\n\nComment: “Parcel arrived broken”',
		descriptionHtml: '<p><strong>Detractor</strong> (2)</p>',
		language: 'en',
		priority: 'P1',
		providerPriority: 'urgent',
		requester: { name: 'Jane Smith', email: 'jane@example.com', phone: null },
		assignee: { name: 'Johnny Agent', email: 'Johnny@Example.com', phone: null, helpdeskUserId: null },
		dueAt: '2026-12-02T16:00:00.000Z',
		resumeUrl: 'https://n8n.acme.com/webhook-waiting/812/sla?signature=abc123',
		revision: 1,
		feedbackId: overrides.key,
		tags: ['closed-loop', 'detractor', 'late delivery'],
		facts: {
			source: 'typeform',
			category: 'detractor',
			score: 2,
			metric: 'nps',
			comment: 'Parcel arrived broken',
			topics: ['late delivery'],
			touchpoint: 'checkout',
			customerId: null,
			submittedAt: '2026-12-01T09:00:00Z',
		},
		...overrides,
	};
}
